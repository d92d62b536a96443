// GET /api/sources/<name>/suppressions[?includeRevoked=true] -> {ok, source, now, suppressions: [{id, rule,
//   subjectPattern, objectPattern, scope, justification, owner, expiresAt, createdAt, revokedAt, createdBy,
//   status: 'active'|'expired'|'revoked', history: [{action, actor, reason, at}]}]}
// POST {rule, subjectPattern?, objectPattern?, scope?, justification, owner, expiresAt, createdBy?} -> 201 {ok, suppression}.
// Refusals -> {"error": {code, param, message}}: a bad query or field 400 (invalid, naming it; expiresAt must
// be ahead of the server's clock and at most a year ahead); an unknown source 404 (not-found).
import { createSuppressionAnswer, listSuppressionsAnswer } from '../../../../../lib/server/findings/suppression-api';
import { withRoute } from '../../../../../lib/server/http/with-route';

export const GET = withRoute<{ name: string }>(
  async ({ params, query, store }) => {
    const { status, body } = await listSuppressionsAnswer(store, params.name, query);
    return Response.json(body, { status });
  },
  { require: 'viewer' },
);

export const POST = withRoute<{ name: string }>(
  async ({ params, body: input, store, caller }) => {
    const { status, body } = await createSuppressionAnswer(store, params.name, input, caller.name);
    return Response.json(body, { status });
  },
  { require: 'reviewer', body: 'json' },
);
