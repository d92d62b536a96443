import 'server-only';
// ACCESS_ATLAS_ALLOWED_TARGETS: the operator's exceptions to the outbound-address rule
// (target-guard.ts). Comma-separated CIDRs, IP addresses and host names, e.g.
// `10.20.0.0/16, fd00::/8, api.internal.example.com`.
//
// The two kinds of entry mean different things, on purpose:
// - a CIDR (or a bare IP, read as /32 or /128) allows connecting to addresses inside it, whatever
//   name led there;
// - a host name allows that exact name (no subdomains), whatever it resolves to, because the
//   operator vouches for the name's DNS. A name on the list is the way to reach an internal
//   API server whose address changes.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export const ALLOWED_TARGETS_VARIABLE = 'ACCESS_ATLAS_ALLOWED_TARGETS';

export interface TargetPolicy {
  /** Parsed CIDRs; a bare IP is its own /32 or /128. */
  readonly cidrs: readonly (readonly [ipaddr.IPv4 | ipaddr.IPv6, number])[];
  /** Lower-case host names without a trailing dot. */
  readonly names: ReadonlySet<string>;
}

export type ParsedTargets = { ok: true; policy: TargetPolicy } | { ok: false; error: string };

/** A bad ACCESS_ATLAS_ALLOWED_TARGETS: a configuration error, named by its variable. */
export class AllowedTargetsError extends Error {
  override readonly name = 'AllowedTargetsError';
  readonly variable = ALLOWED_TARGETS_VARIABLE;
}

/** The policy with no exceptions: every non-public address refused. */
export const STRICT_POLICY: TargetPolicy = { cidrs: [], names: new Set() };

/** RFC 1123 labels (underscores tolerated, as internal DNS has them); the last label not all digits. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/** Lower case, no brackets around IPv6, no trailing dot: how hosts are compared. */
export function normalizeHost(host: string): string {
  const lower = host.trim().toLowerCase();
  const unbracketed = lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
  return unbracketed.endsWith('.') ? unbracketed.slice(0, -1) : unbracketed;
}

function parseEntry(entry: string): { cidr: [ipaddr.IPv4 | ipaddr.IPv6, number] } | { name: string } | null {
  const slash = entry.indexOf('/');
  if (slash >= 0) {
    const address = normalizeHost(entry.slice(0, slash));
    const bits = entry.slice(slash + 1);
    if (isIP(address) === 0 || !/^\d{1,3}$/.test(bits)) return null;
    try {
      return { cidr: ipaddr.parseCIDR(`${address}/${bits}`) };
    } catch {
      return null;
    }
  }
  const host = normalizeHost(entry);
  const family = isIP(host);
  if (family !== 0) return { cidr: [ipaddr.parse(host), family === 4 ? 32 : 128] };
  const lastLabel = host.split('.').at(-1) ?? '';
  return HOST_NAME.test(host) && !/^\d+$/.test(lastLabel) ? { name: host } : null;
}

export function parseAllowedTargets(text: string | undefined): ParsedTargets {
  const cidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  const names = new Set<string>();
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const parsed = parseEntry(entry);
    if (parsed === null) {
      const shown = entry.length > 100 ? `${entry.slice(0, 100)}…` : entry;
      return { ok: false, error: `${ALLOWED_TARGETS_VARIABLE}: "${shown}" is neither a CIDR, an IP address nor a host name` };
    }
    if ('cidr' in parsed) cidrs.push(parsed.cidr);
    else names.add(parsed.name);
  }
  return { ok: true, policy: { cidrs, names } };
}

/** The policy the environment sets; throws AllowedTargetsError on a bad value. */
export function targetPolicyFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): TargetPolicy {
  const parsed = parseAllowedTargets(env[ALLOWED_TARGETS_VARIABLE]);
  if (!parsed.ok) throw new AllowedTargetsError(parsed.error);
  return parsed.policy;
}

/** Whether a CIDR of the policy holds the address (same family only). */
export function isAllowedAddress(address: ipaddr.IPv4 | ipaddr.IPv6, policy: TargetPolicy): boolean {
  return policy.cidrs.some(([network, bits]) => network.kind() === address.kind() && address.match(network, bits));
}

export function isAllowedName(host: string, policy: TargetPolicy): boolean {
  return policy.names.has(normalizeHost(host));
}
