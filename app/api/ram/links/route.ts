// GET /api/ram/links?cluster=NAME -> what ties the cluster source to its linked cloud account:
// {"cluster", "ack": {"linked": [{subject, binding, identity}], "orphaned": [{subject, binding, reason}]},
//  "workloads": [{cluster, namespace, serviceAccount, mechanism: rrsa|irsa, role, roleArn?, evidence,
//                 trust: {decision, conditional, statements, issuerChecked} | null,
//                 status: confirmed|conditional|not-trusted|role-missing|injection-off}],
//  "openTrust": [{role, statementIndex, reason}], "awsAuth": [], "problems": [...]}
// Query params: cluster (required) a cluster source name. Link sources with `access-atlas link`.
// Refusals -> {"error": {code, param, message}}: missing cluster 400 (invalid); not linked 404
// (not-found); a source without a usable snapshot 409 (unavailable).
import { loadClusterLinks } from '../../../../lib/server/cloud-account-index';
import { withRoute } from '../../../../lib/server/http/with-route';
import { QuestionError } from '../../../../lib/server/questions/errors';

export const GET = withRoute(
  async ({ query, store }) => {
    const cluster = query.get('cluster')?.trim();
    if (!cluster) throw new QuestionError('invalid', 'cluster', 'cluster is required: a cluster source name');
    const links = await loadClusterLinks(store, cluster).catch((error: unknown) => {
      // Whichever snapshot could not be read, the parameter that chose it is cluster.
      if (error instanceof QuestionError) throw new QuestionError(error.code, 'cluster', error.message);
      throw error;
    });
    if (!links) throw new QuestionError('not-found', 'cluster', `cluster source "${cluster}" is not linked to a cloud account`);
    return Response.json(links);
  },
  { require: 'viewer' },
);
