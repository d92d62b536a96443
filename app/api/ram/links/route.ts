// GET /api/ram/links?cluster=NAME -> what ties the cluster source to its linked cloud account:
// {"cluster", "ack": {"linked": [{subject, binding, identity}], "orphaned": [{subject, binding, reason}]},
//  "workloads": [{cluster, namespace, serviceAccount, mechanism: rrsa|irsa, role, roleArn?, evidence,
//                 trust: {decision, conditional, statements, issuerChecked} | null,
//                 status: confirmed|conditional|not-trusted|role-missing|injection-off}],
//  "openTrust": [{role, statementIndex, reason}], "awsAuth": [], "problems": [...]}
// Query params: cluster (required) a cluster source name. Link sources with `access-atlas link`.
// Missing cluster -> 400 {error, param}; not linked -> 404; a source without a usable snapshot -> 409.
import { loadClusterLinks } from '../../../../lib/server/cloud-account-index';
import { withRoute } from '../../../../lib/server/http/with-route';
import { SnapshotUnavailableError } from '../../../../lib/server/snapshot-index';
import { getStore } from '../../../../lib/server/store-instance';

export const GET = withRoute(async ({ query }) => {
  const cluster = query.get('cluster')?.trim();
  if (!cluster) return Response.json({ error: 'cluster is required: a cluster source name', param: 'cluster' }, { status: 400 });
  try {
    const links = await loadClusterLinks(await getStore(), cluster);
    if (!links)
      return Response.json({ error: `cluster source "${cluster}" is not linked to a cloud account`, param: 'cluster' }, { status: 404 });
    return Response.json(links);
  } catch (error) {
    if (error instanceof SnapshotUnavailableError) return Response.json({ error: error.message, param: 'cluster' }, { status: 409 });
    throw error;
  }
});
