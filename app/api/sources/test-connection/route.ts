// POST /api/sources/test-connection (multipart: mode and its fields, as for adding a source)
//   -> {ok, kind: 'cluster', server, identity, kinds: [{kind, canList, reason?}]}
//    | {ok, kind: 'files', files, counts, warnings} | {ok, kind: 'unchecked', message}
// Refusals -> {"error": {code, param, message}}: a bad field or kubeconfig 400 (invalid); files their
// collector cannot read or a cluster that refuses the test 422 (unprocessable); the server's own setup
// at fault 500 (internal). Nothing is stored.
// Outside proxy.ts's matcher (an upload): the wrapper alone guards it and streams the body under UPLOAD_BODY_LIMIT.
import { withRoute } from '../../../../lib/server/http/with-route';
import { testConnectionAnswer } from '../../../../lib/server/sources/source-api';
import { UPLOAD_BODY_LIMIT } from '../upload-limit';

export const POST = withRoute(
  async ({ body: form }) => {
    const { status, body } = await testConnectionAnswer(form);
    return Response.json(body, { status });
  },
  { require: 'admin', body: 'multipart', maxBytes: UPLOAD_BODY_LIMIT },
);
