// Which policies could match an action, so who-can evaluates only the principals holding one of
// them rather than every principal's every policy. A statement's Action patterns are filed under
// the literal action (`cs:DeleteCluster`), under its service prefix when the wildcard is past the
// colon (`cs:Describe*`), or as "any" when the service part itself has a wildcard (`*`, `*:Get*`).
// NotAction matches everything it does not name, so it is filed as "any". Actions are matched
// case-insensitively (RAM: "generally not case-sensitive"; AWS: action names are case-insensitive),
// so keys are lower-cased. A policy listed here still goes through the engine's full matching:
// the index only narrows, it never decides.
import type { AccountPolicy, ActionIndex } from './types';

const WILDCARD = /[*?]/;

function add(map: Map<string, Set<string>>, key: string, policyKey: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(policyKey);
}

export function buildActionIndex(policies: Iterable<AccountPolicy>): ActionIndex {
  const exact = new Map<string, Set<string>>();
  const service = new Map<string, Set<string>>();
  const any = new Set<string>();
  for (const policy of policies) {
    if (!policy.parsed) continue;
    for (const statement of policy.parsed.statements) {
      if (statement.action.negated) {
        any.add(policy.key);
        continue;
      }
      for (const pattern of statement.action.patterns) {
        const lower = pattern.toLowerCase();
        const colon = lower.indexOf(':');
        const prefix = colon === -1 ? lower : lower.slice(0, colon);
        if (colon === -1 || WILDCARD.test(prefix)) any.add(policy.key);
        else if (WILDCARD.test(lower)) add(service, prefix, policy.key);
        else add(exact, lower, policy.key);
      }
    }
  }
  return { exact, service, any };
}

/** Policy keys whose statements could match `action`. */
export function candidatePolicies(index: ActionIndex, action: string): Set<string> {
  const lower = action.toLowerCase();
  const colon = lower.indexOf(':');
  const out = new Set(index.any);
  for (const key of index.exact.get(lower) ?? []) out.add(key);
  if (colon !== -1) for (const key of index.service.get(lower.slice(0, colon)) ?? []) out.add(key);
  return out;
}
