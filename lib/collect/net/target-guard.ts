import 'server-only';
// The outbound-request guard: webhook deliveries, and API servers named by kubeconfigs that reach
// the dashboard, may connect to public unicast addresses only, unless ACCESS_ATLAS_ALLOWED_TARGETS
// names the target (see target-policy.ts for what an entry allows, address-ranges.ts for the
// ranges). Two checks, both needed:
// - checkUrlTarget on the URL before anything is sent, because node's net.connect never calls the
//   `lookup` hook for an IP literal (https://nodejs.org/api/net.html#socketconnectoptions-connectlistener);
// - guardedLookup as the connection's `lookup`, so the address actually connected to is the one
//   checked, whatever DNS says at that moment (a name that resolves to a public address when
//   the URL is saved and to 127.0.0.1 later, i.e. DNS rebinding, is caught at connect time).
// In-cluster mode and the CLI on the operator's own kubeconfig do not use this guard: real API
// servers sit on private addresses, and there the operator chose the target.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { classifyIPv4, classifyIPv6, parseAddress } from './address-ranges';
import { ALLOWED_TARGETS_VARIABLE, isAllowedAddress, isAllowedName, normalizeHost, type TargetPolicy } from './target-policy';

export {
  ALLOWED_TARGETS_VARIABLE,
  AllowedTargetsError,
  parseAllowedTargets,
  STRICT_POLICY,
  targetPolicyFromEnv,
  type ParsedTargets,
  type TargetPolicy,
} from './target-policy';

export const TARGET_REFUSED = 'ERR_ATLAS_TARGET_REFUSED';

const UNLESS = `outbound requests to it are refused unless ${ALLOWED_TARGETS_VARIABLE} names it`;

/** A connection the guard refused; `code` lets callers tell it from a network failure. */
export class TargetRefusedError extends Error {
  override readonly name = 'TargetRefusedError';
  readonly code = TARGET_REFUSED;
  constructor(
    message: string,
    readonly host: string,
    readonly address: string | null,
  ) {
    super(message);
  }
}

/** Why the address is refused (`a loopback address`), or null when it may be connected to. */
function refusalReason(address: ipaddr.IPv4 | ipaddr.IPv6, policy: TargetPolicy): string | null {
  if (isAllowedAddress(address, policy)) return null;
  if (address.kind() === 'ipv4') return classifyIPv4(address as ipaddr.IPv4);
  const verdict = classifyIPv6(address as ipaddr.IPv6);
  if (verdict.embedded !== null && isAllowedAddress(verdict.embedded, policy)) return null;
  return verdict.reason;
}

/**
 * Null when the address may be connected to; else the refusal, naming the address and the
 * variable. Accepts any spelling ipaddr.js parses (and IPv6 in brackets).
 */
export function checkAddress(address: string, policy: TargetPolicy): string | null {
  const parsed = parseAddress(address);
  if (parsed === null) return `${address} is not an IP address; ${UNLESS}`;
  const reason = refusalReason(parsed, policy);
  return reason === null ? null : `${address} is ${reason}; ${UNLESS}`;
}

const LOOPBACK = ipaddr.parse('127.0.0.1');

/** RFC 6761 section 6.3: `localhost` and names under it are loopback, whatever a resolver says. */
function isLoopbackName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/**
 * Null when the URL's host may be connected to as far as can be told without DNS; else the
 * refusal. IP literals are judged in the form WHATWG URL normalizes them to (`0x7f000001`,
 * `2130706433`, `0177.0.0.1` and `127.1` all become 127.0.0.1; `[::ffff:127.0.0.1]` becomes
 * `[::ffff:7f00:1]`). Other names pass here and are judged at connect time by guardedLookup.
 */
export function checkUrlTarget(url: string | URL, policy: TargetPolicy): string | null {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return 'not a valid URL';
  }
  const host = normalizeHost(parsed.hostname);
  if (host === '') return 'the URL has no host';
  if (isAllowedName(host, policy)) return null;
  if (isIP(host) !== 0) return checkAddress(parsed.hostname, policy);
  if (isLoopbackName(host) && refusalReason(LOOPBACK, policy) !== null) return `${parsed.hostname} is a loopback name; ${UNLESS}`;
  return null;
}

export type Resolve = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export interface LookupHooks {
  /** The resolver; node's dns.lookup (getaddrinfo, /etc/hosts included) unless a test gives one. */
  resolve?: Resolve;
  /** Told of each refusal before the connection fails with it. */
  onRefused?: (error: TargetRefusedError) => void;
}

const systemResolve: Resolve = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/** The refusal for a host name that resolved to `addresses`, or null when all may be used. */
function refuseResolved(hostname: string, addresses: readonly LookupAddress[], policy: TargetPolicy): TargetRefusedError | null {
  for (const { address } of addresses) {
    const parsed = parseAddress(address);
    const reason = parsed === null ? 'not an IP address' : refusalReason(parsed, policy);
    if (reason !== null) return new TargetRefusedError(`${hostname} resolves to ${address}, ${reason}; ${UNLESS}`, hostname, address);
  }
  return null;
}

/**
 * A `lookup` for net/tls/http agents (node's dns.lookup signature, `options.all` included): it
 * resolves, then refuses the connection when ANY resolved address is refused, so a name with
 * one public and one private address cannot steer a retry to the private one. A host name the
 * policy names is resolved and used as is.
 */
export function guardedLookup(policy: TargetPolicy, hooks: LookupHooks = {}): LookupFunction {
  const resolve = hooks.resolve ?? systemResolve;
  return (hostname: string, options: LookupOptions, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      if (!isAllowedName(hostname, policy)) {
        const refusal = refuseResolved(hostname, addresses, policy);
        if (refusal) {
          hooks.onRefused?.(refusal);
          return callback(refusal, '');
        }
      }
      if (options.all === true) return callback(null, addresses);
      const [first] = addresses;
      if (first === undefined) return callback(Object.assign(new Error(`${hostname} resolves to no address`), { code: 'ENOTFOUND' }), '');
      return callback(null, first.address, first.family);
    });
  };
}
