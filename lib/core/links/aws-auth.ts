// EKS aws-auth (kube-system ConfigMap): data.mapRoles and data.mapUsers are YAML lists of
// {rolearn | userarn, username, groups} that map an IAM identity to a Kubernetes user and groups
// (ram-semantics.md A6; aws-iam-authenticator's config format). Access Atlas does not collect
// ConfigMaps, so callers pass the data when they have it.
import { parse } from 'yaml';
import type { CloudAccount } from '../ram/account/types';
import type { AwsAuthLink, AwsAuthMapping } from './types';

export type AwsAuthParse = { ok: true; mappings: AwsAuthMapping[] } | { ok: false; error: string };

function parseList(text: string, source: AwsAuthMapping['source']): AwsAuthMapping[] | string {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    return `aws-auth data.${source} is not YAML: ${(error as Error).message}`;
  }
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) return `aws-auth data.${source} must be a list`;
  const arnKey = source === 'mapRoles' ? 'rolearn' : 'userarn';
  const out: AwsAuthMapping[] = [];
  for (const [i, item] of value.entries()) {
    const entry = item as Record<string, unknown> | null;
    const arn = entry?.[arnKey];
    if (typeof arn !== 'string') return `aws-auth data.${source}[${i}] has no ${arnKey}`;
    const groups = Array.isArray(entry?.groups) ? entry.groups.filter((g): g is string => typeof g === 'string') : [];
    out.push({ source, arn, username: typeof entry?.username === 'string' ? entry.username : '', groups });
  }
  return out;
}

export function parseAwsAuth(data: { mapRoles?: string; mapUsers?: string }): AwsAuthParse {
  const mappings: AwsAuthMapping[] = [];
  for (const source of ['mapRoles', 'mapUsers'] as const) {
    const text = data[source];
    if (text === undefined) continue;
    const parsed = parseList(text, source);
    if (typeof parsed === 'string') return { ok: false, error: parsed };
    mappings.push(...parsed);
  }
  return { ok: true, mappings };
}

/**
 * aws-auth's rolearn must be written without the role's path (aws-iam-authenticator compares the
 * assumed-role ARN, which carries none), so arn:aws:iam::<acct>:role/<name> names a role of any path.
 */
function roleWithoutPath(account: CloudAccount, arn: string): string | undefined {
  const match = /^arn:[^:]+:iam::([^:]+):role\/(.+)$/.exec(arn);
  if (!match || match[1] !== account.accountId) return undefined;
  const name = (match[2] as string).split('/').pop() as string;
  return account.roles.has(name) ? name : undefined;
}

/** Each mapping with the IAM identity it names in this account (null when none does). */
export function linkAwsAuth(account: CloudAccount, mappings: readonly AwsAuthMapping[]): AwsAuthLink[] {
  const userByArn = new Map<string, string>();
  for (const u of account.users.values()) if (u.arn) userByArn.set(u.arn, u.name);
  return mappings.map((mapping) => {
    const role = mapping.source === 'mapRoles' ? (account.roleByArn.get(mapping.arn) ?? roleWithoutPath(account, mapping.arn)) : undefined;
    const user = mapping.source === 'mapUsers' ? userByArn.get(mapping.arn) : undefined;
    const identity = role ? { kind: 'role' as const, name: role } : user ? { kind: 'user' as const, name: user } : null;
    return { mapping, identity };
  });
}
