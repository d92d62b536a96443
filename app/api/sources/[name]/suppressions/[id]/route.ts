// DELETE /api/sources/<name>/suppressions/<id> {by, reason} -> {ok, suppression} (status 'revoked', with its history).
// A suppression is revoked, never deleted: its row and its history stay.
// Refusals -> {"error": {code, param, message}}: a bad id, by or reason 400 (invalid); an unknown source or
// suppression 404 (not-found); one already revoked 409 (conflict).
import { revokeSuppressionAnswer } from '../../../../../../lib/server/findings/suppression-api';
import { withRoute } from '../../../../../../lib/server/http/with-route';

export const DELETE = withRoute<{ name: string; id: string }>(
  async ({ params, body: input, store, caller }) => {
    const { status, body } = await revokeSuppressionAnswer(store, params.name, params.id, input, caller.name);
    return Response.json(body, { status });
  },
  { require: 'reviewer', body: 'json' },
);
