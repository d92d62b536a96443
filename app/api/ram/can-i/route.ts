// GET /api/ram/can-i -> the CLI's `access-atlas ram can-i -o json`:
// {"principal", "decision": Allow|ExplicitDeny|ImplicitDeny, "conditional", "statements": [{policy,
//  policyType, version, index, sid?, effect, conditions: met|not-met|unknown, condition?, role:
//  identity|boundary, via: [[steps]]}], "paths": [[steps]], "unevaluated": [policy names]}.
// Query params:
//   principal     required, user/NAME or role/NAME
//   action        required, SERVICE:ACTION (cs:DeleteCluster)
//   resource      required, the resource ARN or *
//   context       optional, repeatable, KEY=VALUE; a repeated key is multi-valued; none = unknown context
//   resourceGroup optional, a RAM resource group id (its scoped attachments then count)
//   source        optional, a cloud-account source name (default: the only one; with several, required)
//   snapshot      optional, a snapshot id of that source (default: the latest complete-or-partial one)
// Refusals -> {"error": {code, param, message}}: bad params 400 (invalid); unknown source, snapshot or principal 404 (not-found); a cluster
// source 409 (wrong-kind); unusable snapshot 409 (unavailable).
import { withRoute } from '../../../../lib/server/http/with-route';
import { answerRam } from '../../../../lib/server/ram-question';

export const GET = withRoute(
  async ({ query, store }) => {
    return Response.json(await answerRam(store, query, 'can-i'));
  },
  { require: 'viewer' },
);
