// Built once with the account so a who-can question does no per-question lookups by name: which
// principals each policy reaches (its holders, and every member of a holding group, who inherits
// the group's policies), and each principal's place in the answer's order.
import type { AccountPrincipal, PrincipalKind } from './types';

type Holder = { kind: PrincipalKind; name: string };

export function whoCanIndex(
  users: ReadonlyMap<string, AccountPrincipal>,
  groups: ReadonlyMap<string, AccountPrincipal>,
  roles: ReadonlyMap<string, AccountPrincipal>,
  members: ReadonlyMap<string, readonly string[]>,
  holders: ReadonlyMap<string, readonly Holder[]>,
): { reach: Map<string, AccountPrincipal[]>; rank: Map<AccountPrincipal, number> } {
  const lookup = (kind: PrincipalKind, name: string) => (kind === 'user' ? users : kind === 'group' ? groups : roles).get(name);
  const reach = new Map<string, AccountPrincipal[]>();
  for (const [key, list] of holders) {
    const out = new Set<AccountPrincipal>();
    for (const h of list) {
      const p = lookup(h.kind, h.name);
      if (p) out.add(p);
      if (h.kind !== 'group') continue;
      for (const m of members.get(h.name) ?? []) {
        const u = users.get(m);
        if (u) out.add(u);
      }
    }
    reach.set(key, [...out]);
  }
  // Same order as who-can.ts comparePrincipals: users, groups, roles, each by name (localeCompare).
  const rank = new Map<AccountPrincipal, number>();
  for (const map of [users, groups, roles]) {
    for (const p of [...map.values()].sort((a, b) => a.name.localeCompare(b.name))) rank.set(p, rank.size);
  }
  return { reach, rank };
}
