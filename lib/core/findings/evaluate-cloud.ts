// The cloud findings of one account snapshot: every rule of cloud-catalog.ts (or the ones asked
// for) over the decoded objects and the engine's account, completed into findings as
// evaluate.ts does for Kubernetes: id, severity, source, sorted by compareFindings. A rule whose
// input the source lacks is listed in notEvaluated with why and has no findings. Pure: `now` is given.
import { adminProbes, adminVerdict } from '../ram/account/admin';
import type { OutcomeCache } from '../ram/account/evaluate-principal';
import type { CloudAccount } from '../ram/account/types';
import type { CloudObjects } from '../ram/decode-bodies';
import { CLOUD_RULES, type CloudCheckContext } from './cloud-catalog';
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
}

/** `CloudUser/name` of the users and roles admin-equivalent account-wide and unconditionally. */
function accountAdmins(account: CloudAccount): Set<string> {
  const probes = adminProbes(account);
  const caches = probes.map((): OutcomeCache => new Map());
  const out = new Set<string>();
  for (const u of account.users.values()) if (adminVerdict(account, u, probes, caches).status === 'admin') out.add(`CloudUser/${u.name}`);
  for (const r of account.roles.values()) if (adminVerdict(account, r, probes, caches).status === 'admin') out.add(`CloudRole/${r.name}`);
  return out;
}

export function evaluateCloudFindings(input: CloudFindingsInput): FindingsResult {
  const wanted = input.rules === undefined ? undefined : new Set(input.rules);
  const rules = CLOUD_RULES.filter((r) => !wanted || wanted.has(r.id));
  const needsAdmins = rules.some((r) => r.id === 'ram.data-on-star');
  const ctx: CloudCheckContext = {
    objects: input.objects,
    account: input.account,
    now: input.now,
    admins: needsAdmins ? accountAdmins(input.account) : new Set(),
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
