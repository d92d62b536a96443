// GET /api/diff?source=NAME&from=SPEC&to=SPEC -> the CLI's `diff -o json`:
// {"objects": {"added", "removed", "changed"}, "permissions": {"gained", "lost"}, "notices",
// "findings": {"gained", "resolved", "notEvaluated"}} (findings marked with the source's suppressions
// in force on the server's clock).
// SPEC: a snapshot id, a date (YYYY-MM-DD), latest or latest~N. Refusals -> {"error": {code, param,
// message}}: missing or bad params 400 (invalid); an unknown source or snapshot 404 (not-found); a
// failed snapshot 409 (unavailable).
import { z } from 'zod';
import { diffSource, type DiffAnswer } from '../../../lib/server/drift';
import { withRoute } from '../../../lib/server/http/with-route';
import { parseParams } from '../../../lib/server/questions/params';

const paramsSchema = z.strictObject({
  source: z.string({ error: 'source is required' }).min(1, 'source is required'),
  from: z.string({ error: 'from is required' }).min(1, 'from is required'),
  to: z.string({ error: 'to is required' }).min(1, 'to is required'),
});

export const GET = withRoute(
  async ({ query, store }) => {
    const { params } = parseParams(query, paramsSchema);
    const drift = await diffSource(store, params.source, params.from, params.to);
    const answer: DiffAnswer = { ...drift.diff, findings: drift.findings };
    return Response.json(answer);
  },
  { require: 'viewer' },
);
