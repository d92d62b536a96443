// The cloud findings of one account snapshot: every rule of cloud-catalog.ts (or the ones asked
// for) over the decoded objects and the engine's account, completed into findings as
// evaluate.ts does for Kubernetes: id, severity, source, sorted by compareFindings. A rule whose
// input the source lacks is listed in notEvaluated with why and has no findings. Pure: `now` is given.
import { adminProbes, adminVerdict, type AdminStatus } from '../ram/account/admin';
import type { OutcomeCache } from '../ram/account/evaluate-principal';
import type { AccountPrincipal, CloudAccount } from '../ram/account/types';
import type { CloudObjects } from '../ram/decode-bodies';
import { CLOUD_RULES, type CloudCheckContext } from './cloud-catalog';
import type { LinkedClusterBindings } from './cloud-orphans';
import { compareFindings, findingOf } from './evaluate';
import type { Finding, FindingsResult, NotEvaluated } from './types';

export interface CloudFindingsInput {
  /** The stored source's name, or the files' label: copied into every finding. */
  source: string;
  objects: CloudObjects;
  /** accountFromCloudObjects(objects). */
  account: CloudAccount;
  now: Date;
  /** Rule ids to run (default: all). Ids outside the cloud catalog are left to the other layers' evaluators. */
  rules?: readonly string[];
  /**
   * The ACK clusters linked to the account, each with its latest usable snapshot's objects (or why it
   * has none): ram.orphan-ack-binding reads their bindings. Absent (files, no link): that rule is not evaluated.
   */
  linkedClusters?: readonly LinkedClusterBindings[];
}

/** Every user's and role's admin verdict, and `CloudUser/name` of those admin-equivalent account-wide and unconditionally. */
function accountAdmins(account: CloudAccount): { admins: Set<string>; adminStatus: Map<AccountPrincipal, AdminStatus> } {
  const probes = adminProbes(account);
  const caches = probes.map((): OutcomeCache => new Map());
  const admins = new Set<string>();
  const adminStatus = new Map<AccountPrincipal, AdminStatus>();
  for (const [kind, principals] of [
    ['CloudUser', account.users],
    ['CloudRole', account.roles],
  ] as const) {
    for (const p of principals.values()) {
      const status = adminVerdict(account, p, probes, caches).status;
      adminStatus.set(p, status);
      if (status === 'admin') admins.add(`${kind}/${p.name}`);
    }
  }
  return { admins, adminStatus };
}

export function evaluateCloudFindings(input: CloudFindingsInput): FindingsResult {
  const wanted = input.rules === undefined ? undefined : new Set(input.rules);
  const rules = CLOUD_RULES.filter((r) => !wanted || wanted.has(r.id));
  const needsAdmins = rules.some((r) => r.id === 'ram.data-on-star' || r.id === 'ram.escalation');
  const ctx: CloudCheckContext = {
    objects: input.objects,
    account: input.account,
    now: input.now,
    ...(needsAdmins ? accountAdmins(input.account) : { admins: new Set<string>() }),
    ...(input.linkedClusters ? { linkedClusters: input.linkedClusters } : {}),
  };
  const findings: Finding[] = [];
  const notEvaluated: NotEvaluated[] = [];
  for (const rule of rules) {
    const reason = rule.unavailable?.(ctx);
    if (reason !== undefined) {
      notEvaluated.push({ rule: rule.id, reason });
      continue;
    }
    for (const draft of rule.check(ctx)) findings.push(findingOf(rule, input.source, draft, null));
  }
  return { findings: findings.sort(compareFindings), notEvaluated };
}
