// Which Host headers the dashboard answers. A DNS-rebinding page reaches 127.0.0.1 under its own
// name (Host: evil.example:3000), so refusing unknown names protects reads as well as writes.
// ACCESS_ATLAS_ALLOWED_HOSTS (comma-separated host[:port]) replaces the loopback defaults;
// the host of ACCESS_ATLAS_PUBLIC_URL is always added.

type Env = Readonly<Record<string, string | undefined>>;

export interface HostRule {
  /** Lower-case host name, IPv4 address, or IPv6 address in brackets. */
  name: string;
  /** Only this port when set; any port when null. */
  port: string | null;
}

export interface HostPolicy {
  hosts: readonly HostRule[];
  /** The origin of ACCESS_ATLAS_PUBLIC_URL (scheme://host[:port]), which a reverse proxy may present. */
  publicOrigin: string | null;
}

export const DEFAULT_ALLOWED_HOSTS: readonly HostRule[] = [
  { name: '127.0.0.1', port: null },
  { name: 'localhost', port: null },
  { name: '[::1]', port: null },
];

// A DNS name or IPv4 address, or a bracketed IPv6 address, then an optional port (RFC 9110 §7.2).
const HOST_PATTERN = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9._-]{0,251}[a-z0-9])?)(?::([0-9]{1,5}))?$/;

/** Splits a Host header (or an allow-list entry) into name and port; null when it is not one. */
export function parseHost(value: string): HostRule | null {
  const match = HOST_PATTERN.exec(value.trim().toLowerCase());
  if (!match?.[1]) return null;
  const port = match[2] ?? null;
  if (port !== null && Number(port) > 65535) return null;
  return { name: match[1], port };
}

export function isHostAllowed(hostHeader: string | null, policy: HostPolicy): boolean {
  if (hostHeader === null) return false;
  const host = parseHost(hostHeader);
  if (!host) return false;
  return policy.hosts.some((rule) => rule.name === host.name && (rule.port === null || rule.port === host.port));
}

export type HostPolicyResult = { ok: true; policy: HostPolicy } | { ok: false; variable: string; message: string };

function parseAllowList(text: string): HostPolicyResult | { ok: true; hosts: HostRule[] } {
  const hosts: HostRule[] = [];
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const rule = parseHost(entry);
    if (!rule) {
      return {
        ok: false,
        variable: 'ACCESS_ATLAS_ALLOWED_HOSTS',
        message: `ACCESS_ATLAS_ALLOWED_HOSTS: "${entry.trim().slice(0, 100)}" is not a host[:port]`,
      };
    }
    hosts.push(rule);
  }
  if (hosts.length === 0)
    return { ok: false, variable: 'ACCESS_ATLAS_ALLOWED_HOSTS', message: 'ACCESS_ATLAS_ALLOWED_HOSTS is set but names no host' };
  return { ok: true, hosts };
}

/** The host policy from the environment; a malformed variable is reported by name, never guessed around. */
export function hostPolicyFromEnv(env: Env): HostPolicyResult {
  let hosts: HostRule[] = [...DEFAULT_ALLOWED_HOSTS];
  const list = env.ACCESS_ATLAS_ALLOWED_HOSTS;
  if (list !== undefined && list.trim() !== '') {
    const parsed = parseAllowList(list);
    if (!('hosts' in parsed)) return parsed;
    hosts = parsed.hosts;
  }
  let publicOrigin: string | null = null;
  const publicUrl = env.ACCESS_ATLAS_PUBLIC_URL;
  if (publicUrl !== undefined && publicUrl.trim() !== '') {
    let url: URL;
    try {
      url = new URL(publicUrl.trim());
    } catch {
      return { ok: false, variable: 'ACCESS_ATLAS_PUBLIC_URL', message: 'ACCESS_ATLAS_PUBLIC_URL is not an absolute URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, variable: 'ACCESS_ATLAS_PUBLIC_URL', message: 'ACCESS_ATLAS_PUBLIC_URL must be an http or https URL' };
    }
    // The name, on any port: a reverse proxy in front may forward from another port.
    hosts.push({ name: url.hostname.toLowerCase(), port: null });
    publicOrigin = url.origin;
  }
  return { ok: true, policy: { hosts, publicOrigin } };
}

let cached: { key: string; result: HostPolicyResult } | undefined;

/** hostPolicyFromEnv for this process, recomputed only when the variables change. */
export function currentHostPolicy(env: Env = process.env): HostPolicyResult {
  const key = `${env.ACCESS_ATLAS_ALLOWED_HOSTS ?? ''}\n${env.ACCESS_ATLAS_PUBLIC_URL ?? ''}`;
  if (cached?.key !== key) cached = { key, result: hostPolicyFromEnv(env) };
  return cached.result;
}
