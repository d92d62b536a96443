// GET /api/ram/who-can -> the CLI's `access-atlas ram who-can -o json`: {"principals": [...]}.
// Query params:
//   action        required, SERVICE:ACTION (cs:DeleteCluster); matched case-insensitively
//   resource      required, the resource ARN (acs:cs:*:<uid>:cluster/c1, an AWS ARN) or *
//   context       optional, repeatable, KEY=VALUE (acs:SourceIp=192.0.2.1); a repeated key is
//                 multi-valued. Without any, the context is unknown and grants under conditions come
//                 back as decision "conditional" with their conditions.
//   resourceGroup optional, a RAM resource group id: policies attached at that group's scope count too
//   source        optional, a cloud-account source name (default: the only one; with several, required)
//   snapshot      optional, a snapshot id of that source (default: the latest complete-or-partial one)
// Each principal: {kind: CloudUser|CloudGroup|CloudRole|ServiceAccount, name, namespace?, cluster?,
// arn?, decision: Allow|conditional, paths: [[steps]], conditions: [...]}; service accounts appear
// when a cluster source is linked to this cloud source (access-atlas link) and can assume a granting role.
// Refusals -> {"error": {code, param, message}}: bad params 400 (invalid); unknown source or snapshot 404 (not-found); a cluster
// source 409 (wrong-kind); unusable snapshot 409 (unavailable).
import { withRoute } from '../../../../lib/server/http/with-route';
import { answerRam } from '../../../../lib/server/ram-question';

export const GET = withRoute(
  async ({ query, store }) => {
    return Response.json(await answerRam(store, query, 'who-can'));
  },
  { require: 'viewer' },
);
