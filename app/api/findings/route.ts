// GET /api/findings?source=NAME&snapshot=ID&rule=ID(repeatable)&minSeverity=S&hideBuiltin=true -> the CLI's
// `findings -o json`: {"findings": [{id, rule, severity, title, layer, source, subject, object, scope,
// evidence, builtIn, suppressed, suppressedBy?}], "notEvaluated": [{rule, reason}]}, the source's stored
// suppressions applied with the server's clock (suppressed findings are listed, marked). Refusals ->
// {"error": {code, param, message}}: a bad or unknown parameter or rule id 400 (invalid); an unknown
// source or snapshot 404 (not-found); a cloud-account source 409 (wrong-kind); no usable snapshot, or
// one lacking RBAC kinds, 409 (unavailable). With several cluster sources, source is required (400).
import { withRoute } from '../../../lib/server/http/with-route';
import { askFindings, parseFindingsQuery } from '../../../lib/server/questions/findings';

export const GET = withRoute(
  async ({ query, store }) => {
    const { findings, notEvaluated } = await askFindings(store, parseFindingsQuery(query));
    return Response.json({ findings, notEvaluated });
  },
  { require: 'viewer' },
);
