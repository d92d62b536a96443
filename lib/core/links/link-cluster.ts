// All links between one cluster snapshot and one cloud account, and the cluster-side input the
// link functions read from stored objects.
import { isJsonObject, type StoredObject } from '../snapshot/types';
import type { CloudAccount } from '../ram/account/types';
import { linkAckSubjects } from './ack-subjects';
import { linkAwsAuth } from './aws-auth';
import { openTrustFindings } from './open-trust';
import type { ClusterLinks, LinkedClusterInput, PodRoleEnv } from './types';
import { linkWorkloadRoles } from './workload-roles';

const RRSA_ROLE_ENV = 'ALIBABA_CLOUD_ROLE_ARN';

/**
 * Pods whose containers set ALIBABA_CLOUD_ROLE_ARN to a literal value. normalize.ts keeps exactly
 * that variable of a Pod's env (and nothing else of it) for this purpose.
 */
export function podRolesFromObjects(objects: readonly StoredObject[]): PodRoleEnv[] {
  const out: PodRoleEnv[] = [];
  for (const o of objects) {
    if (o.kind !== 'Pod') continue;
    const spec = isJsonObject(o.body.spec) ? o.body.spec : {};
    const sa = typeof spec.serviceAccountName === 'string' ? spec.serviceAccountName : 'default';
    const arns = new Set<string>();
    for (const field of ['initContainers', 'containers'] as const) {
      const containers = Array.isArray(spec[field]) ? spec[field] : [];
      for (const c of containers) {
        if (!isJsonObject(c) || !Array.isArray(c.env)) continue;
        for (const e of c.env)
          if (isJsonObject(e) && e.name === RRSA_ROLE_ENV && typeof e.value === 'string' && e.value !== '') arns.add(e.value);
      }
    }
    for (const roleArn of arns) out.push({ namespace: o.namespace, name: o.name, serviceAccountName: sa, roleArn });
  }
  return out;
}

export function linkCluster(account: CloudAccount, cluster: LinkedClusterInput): ClusterLinks {
  const ack = account.provider === 'alibaba' ? linkAckSubjects(cluster.objects, account) : { linked: [], orphaned: [] };
  const workloads = linkWorkloadRoles(account, cluster);
  const problems = workloads
    .filter((w) => w.status === 'role-missing')
    .map(
      (w) =>
        `service account ${w.namespace}/${w.serviceAccount} of ${cluster.source} names role ${w.role}, which is not in cloud account ${account.accountId}`,
    );
  return {
    cluster: cluster.source,
    ack,
    workloads,
    openTrust: openTrustFindings(account),
    awsAuth: cluster.awsAuth ? linkAwsAuth(account, cluster.awsAuth) : [],
    problems,
  };
}
