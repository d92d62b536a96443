// GET /api/who-can?verb=get&resource=secrets&namespace=shop -> the CLI's `who-can -o json`:
// {"subjects":[{"kind","name","namespace"?,"matchedBy":[{binding,role,ruleIndex}]}]}.
// Bad params -> 400 {error} naming the param; an unknown source or snapshot -> 404; a snapshot
// that cannot answer RBAC questions (failed, or partial without RBAC kinds) -> 409.
import { withRoute } from '../../../lib/server/http/with-route';
import { answerWhoCan } from '../../../lib/server/who-can-query';
import { getStore } from '../../../lib/server/store-instance';

export const GET = withRoute(async ({ query }) => {
  const outcome = await answerWhoCan(await getStore(), query);
  if (!outcome.ok) return Response.json({ error: outcome.error, param: outcome.field }, { status: outcome.status });
  return Response.json({ subjects: outcome.answer.subjects });
});
