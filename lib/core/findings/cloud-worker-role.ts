// ram.worker-role-broad: an ACK cluster's worker RAM role holding more than nodes need. Pods that
// reach the ECS metadata endpoint get the worker role's credentials, so its rights are held by
// everyone who can run a pod on those nodes (the RAM risks research of issue 14, §4 node role).
//
// Which role: ACK names the worker roles it creates `KubernetesWorkerRole-<uuid>` and keeps the
// prefix for itself (custom worker roles "cannot start with KubernetesMasterRole- or
// KubernetesWorkerRole-": https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/use-custom-worker-ram-roles).
// A node pool's custom worker role has no such name, and which role a node pool uses is not
// collected, so only the prefixed roles are known worker roles.
//
// What nodes need: the default WorkerRolePolicy after ACK's convergence grants ECS instance
// reads, Log Service reads and Container Registry pulls, nothing else
// (https://www.alibabacloud.com/help/en/ack/product-overview/ack-reduces-the-permissions-of-worker-ram-roles-in-managed-kubernetes-clusters).
// "More than nodes need" is then, asked of the engine: admin-equivalent (admin.ts, conditional
// included), or any action of WORKER_BEYOND_NODE allowed on every resource (Resource `*`, or an ARN
// no policy names): data access, permissions management and the escalation actions, none of which
// that policy grants.
import { adminProbes, adminVerdict, PROBE_NAME } from '../ram/account/admin';
import { evaluatePrincipal, type OutcomeCache } from '../ram/account/evaluate-principal';
import type { AccountPrincipal, CloudAccount } from '../ram/account/types';
import { ACCOUNT_SCOPE, fieldEvidence, statementEvidence } from './cloud-evidence';
import { DATA_ON_STAR_ACTIONS, type CloudFindingDraft } from './cloud-permissions';
import type { Evidence } from './types';

export const WORKER_ROLE_PREFIX = 'KubernetesWorkerRole-';

/** Beyond a node's needs: the data-on-star table plus the RAM escalation actions (escalation-edges.ts) and AssumeRole. */
export const WORKER_BEYOND_NODE: readonly string[] = [
  ...DATA_ON_STAR_ACTIONS.ram.map((a) => a.action),
  'ram:AttachPolicyToGroup',
  'ram:SetDefaultPolicyVersion',
  'ram:CreateLoginProfile',
  'ram:CreateUser',
  'ram:PassRole',
  'sts:AssumeRole',
];

export function workerRoles(account: CloudAccount): AccountPrincipal[] {
  return [...account.roles.values()].filter((r) => r.name.startsWith(WORKER_ROLE_PREFIX));
}

/** Why the rule cannot run on this account, or undefined. */
export function workerRolesUnavailable(account: CloudAccount): string | undefined {
  if (account.grammar === 'aws') {
    return 'EKS node roles have no reserved name, and which role a node group uses is not collected';
  }
  if (workerRoles(account).length === 0) {
    return `no role named ${WORKER_ROLE_PREFIX}<id> (ACK's worker role); custom worker roles of node pools are not collected`;
  }
  return undefined;
}

/** The action's probe resources: `*`, and an ARN of its service no policy names. */
function probeResources(account: CloudAccount, action: string): string[] {
  const service = action.slice(0, action.indexOf(':'));
  return ['*', `acs:${service}::${account.accountId}:${PROBE_NAME}`];
}

const newCache = (): OutcomeCache => new Map();

export function workerRoleDrafts(account: CloudAccount): CloudFindingDraft[] {
  const out: CloudFindingDraft[] = [];
  const caches = new Map<string, OutcomeCache>();
  for (const role of workerRoles(account)) {
    const subject = { kind: 'CloudRole', name: role.name };
    const evidence: Evidence[] = [];
    let unconditional = false;
    const admin = adminVerdict(account, role, adminProbes(account));
    if (admin.status !== 'not-admin') {
      unconditional = admin.status === 'admin';
      evidence.push(
        fieldEvidence(subject, 'admin-equivalent', { status: admin.status, grants: admin.grants, conditions: admin.conditions }),
      );
    } else {
      for (const action of WORKER_BEYOND_NODE) {
        for (const resource of probeResources(account, action)) {
          const key = `${action} ${resource}`;
          const cache = caches.get(key) ?? newCache();
          caches.set(key, cache);
          const e = evaluatePrincipal(account, role, { action, resource }, undefined, cache);
          const allowed = e.decision === 'Allow' && !e.conditional;
          if (!allowed && !(e.decision !== 'ExplicitDeny' && e.conditional)) continue;
          unconditional ||= allowed;
          for (const s of e.statements) {
            if (s.role === 'identity' && s.effect === 'Allow' && s.conditions !== 'not-met')
              evidence.push(statementEvidence(`${action} on ${resource}`, s));
          }
          break;
        }
      }
    }
    if (evidence.length === 0) continue;
    out.push({ subject, object: null, scope: ACCOUNT_SCOPE, evidence, ...(unconditional ? {} : { conditional: true }) });
  }
  return out;
}
