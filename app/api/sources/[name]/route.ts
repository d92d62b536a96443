// GET /api/sources/<name>?limit=N -> {ok, source: {name, kind, connection (described), runnable, hasCredentials}, snapshots}
// DELETE /api/sources/<name> -> {ok, deleted}: the source, its snapshots, credentials, schedule, webhooks and uploads.
// Refusals -> {"error": {code, param, message}}: a bad limit 400 (invalid); an unknown source 404 (not-found).
import { withRoute } from '../../../../lib/server/http/with-route';
import { parseSnapshotLimit, deleteSourceAnswer, getSourceAnswer } from '../../../../lib/server/sources/source-api';

export const GET = withRoute<{ name: string }>(
  async ({ params, query, store }) => {
    const limit = parseSnapshotLimit(query.get('limit'));
    const { status, body } = await getSourceAnswer(store, params.name, limit);
    return Response.json(body, { status });
  },
  { require: 'viewer' },
);

export const DELETE = withRoute<{ name: string }>(
  async ({ params, store }) => {
    const { status, body } = await deleteSourceAnswer(store, params.name);
    return Response.json(body, { status });
  },
  { require: 'admin' },
);
