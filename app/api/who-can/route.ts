// GET /api/who-can?verb=get&resource=secrets&namespace=shop -> the CLI's `who-can -o json`:
// {"subjects":[{"kind","name","namespace"?,"matchedBy":[{binding,role,ruleIndex}]}]}.
// Refusals -> {"error": {code, param, message}}: bad params 400 (invalid); an unknown source or snapshot
// 404 (not-found); a cloud-account source 409 (wrong-kind); a snapshot that cannot answer RBAC
// questions (failed, or partial without RBAC kinds) 409 (unavailable). With several cluster sources,
// source is required (400).
import { withRoute } from '../../../lib/server/http/with-route';
import { askWhoCan, parseWhoCanQuery } from '../../../lib/server/questions/who-can';

export const GET = withRoute(
  async ({ query, store }) => {
    const { answer } = await askWhoCan(store, parseWhoCanQuery(query));
    return Response.json({ subjects: answer.subjects });
  },
  { require: 'viewer' },
);
