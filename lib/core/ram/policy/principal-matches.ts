// Principal / NotPrincipal of trust and resource policies.
// RAM (2021 "Edit the trust policy of a RAM role"): {"RAM": [...]}, {"Service": [...]},
// {"Federated": [...]}; resource policies (OSS bucket policy) also write a bare list of account ids.
// AWS ("IAM JSON policy elements: Principal"): "*", {"AWS": arn | account id | "*"}, Service,
// Federated, CanonicalUser; {"AWS": "*"} is the same as "*".
// An account principal (`acs:ram::<uid>:root`, a bare account id, `arn:aws:iam::<id>:root`)
// trusts every identity of that account: the account then delegates by its own policies.
import type { PolicyGrammar, PrincipalSet, PrincipalType } from './types';

const RAM_KEYS: readonly PrincipalType[] = ['RAM', 'Service', 'Federated'];
const AWS_KEYS: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];

export type PrincipalParse = { ok: true; set: PrincipalSet } | { ok: false; error: string };

function strings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  return undefined;
}

/** Parses a Principal/NotPrincipal value; `field` names it in errors (e.g. "Statement[0].Principal"). */
export function parsePrincipal(value: unknown, negated: boolean, grammar: PolicyGrammar, field: string): PrincipalParse {
  const accountType: PrincipalType = grammar === 'aws' ? 'AWS' : 'RAM';
  const list = strings(value);
  if (list !== undefined) {
    if (list.length === 0) return { ok: false, error: `${field} must not be empty` };
    const any = list.includes('*');
    return { ok: true, set: { negated, any, entries: list.filter((id) => id !== '*').map((id) => ({ type: accountType, id })) } };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `${field} must be "*", a list of ids or an object such as {"${accountType}": [...]}` };
  }
  const allowed = grammar === 'aws' ? AWS_KEYS : RAM_KEYS;
  let any = false;
  const entries: { type: PrincipalType; id: string }[] = [];
  for (const [key, raw] of Object.entries(value)) {
    const type = allowed.find((k) => k === key);
    if (type === undefined)
      return { ok: false, error: `${field} has unknown principal type "${key}"; expected one of ${allowed.join(', ')}` };
    const ids = strings(raw);
    if (ids === undefined || ids.length === 0)
      return { ok: false, error: `${field}.${key} must be a string or a non-empty list of strings` };
    for (const id of ids) {
      if (id === '*' && type === accountType) any = true;
      else entries.push({ type, id });
    }
  }
  if (entries.length === 0 && !any) return { ok: false, error: `${field} names no principal` };
  return { ok: true, set: { negated, any, entries } };
}

/**
 * The account id of an identity: `acs:ram::<uid>:<relative>` (acs, service, region, account,
 * relative id) or `arn:<partition>:iam|sts::<id>:<relative>`; a bare id is its own account.
 */
export function accountOf(id: string): string | undefined {
  if (!id.includes(':')) return id;
  const parts = id.split(':');
  if (parts[0] === 'acs' && parts[1] === 'ram' && parts.length >= 5) return parts[3];
  if (parts[0] === 'arn' && (parts[2] === 'iam' || parts[2] === 'sts') && parts.length >= 6) return parts[4];
  return undefined;
}

/** True when the entry names a whole account: `acs:ram::<uid>:root`, `arn:<p>:iam::<id>:root` or a bare id. */
function isAccountPrincipal(id: string): boolean {
  if (!id.includes(':')) return true;
  return /^(acs:ram|arn:[^:]+:iam)::[^:]+:root$/.test(id);
}

function idMatches(type: PrincipalType, entry: string, caller: string): boolean {
  if (entry === caller) return true;
  if (type === 'Service') return entry.toLowerCase() === caller.toLowerCase();
  if ((type === 'RAM' || type === 'AWS') && isAccountPrincipal(entry)) {
    const want = accountOf(entry);
    return want !== undefined && want === accountOf(caller);
  }
  return false;
}

/**
 * The identities AWS checks for NotPrincipal: the caller's account, then the caller ("When you use
 * NotPrincipal, you must also specify the account ARN of the not-denied principal. Otherwise, the
 * policy might deny access to the entire account containing the principal", AWS "NotPrincipal").
 */
function notPrincipalChain(caller: { type: PrincipalType; id: string }): string[] {
  if (caller.type !== 'RAM' && caller.type !== 'AWS') return [caller.id];
  const account = accountOf(caller.id);
  if (account === undefined || isAccountPrincipal(caller.id)) return [caller.id];
  const partition = caller.id.split(':')[1] ?? 'aws';
  const root = caller.type === 'RAM' ? `acs:ram::${account}:root` : `arn:${partition}:iam::${account}:root`;
  return [root, caller.id];
}

/** NotPrincipal names an identity only exactly (a bare account id names the account root). */
function namesExactly(set: PrincipalSet, type: PrincipalType, id: string): boolean {
  return set.entries.some(
    (e) => e.type === type && (e.id === id || (!e.id.includes(':') && isAccountPrincipal(id) && accountOf(id) === e.id)),
  );
}

/** Whether the statement's Principal (or NotPrincipal) admits the caller; no caller, no match. */
export function principalMatches(set: PrincipalSet, caller: { type: PrincipalType; id: string } | undefined): boolean {
  if (caller === undefined) return false;
  if (set.negated) {
    // Excluded only when every identity in the chain is named; otherwise the statement applies.
    if (set.any) return false;
    return !notPrincipalChain(caller).every((id) => namesExactly(set, caller.type, id));
  }
  return set.any || set.entries.some((e) => e.type === caller.type && idMatches(e.type, e.id, caller.id));
}
