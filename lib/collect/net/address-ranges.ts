import 'server-only';
// Which IP addresses an outbound request from the server may reach: public unicast only.
// Everything the server can reach but a remote caller cannot (loopback, private, link-local with
// the cloud metadata services at 169.254.169.254 and, on Alibaba Cloud, 100.100.100.200 inside
// CGNAT 100.64.0.0/10) is what request forgery is after. The ranges are ipaddr.js's table of
// special-purpose blocks (the IANA registries:
// https://www.iana.org/assignments/iana-ipv4-special-registry/ and
// https://www.iana.org/assignments/iana-ipv6-special-registry/).
//
// IPv6 forms that carry an IPv4 address, decided one by one:
// - IPv4-mapped ::ffff:0:0/96: a dual-stack socket connects to the embedded IPv4 address. Always
//   refused (no URL needs this spelling); the message names the embedded address.
// - NAT64 64:ff9b::/96 (RFC 6052): the gateway connects to the embedded IPv4 address, and DNS64
//   hands these out for ordinary public hosts on IPv6-only networks. Judged by the embedded address.
// - Local-use NAT64 64:ff9b:1::/48 (RFC 8215): where the IPv4 sits depends on the operator's prefix
//   length, so it cannot be read back. Refused.
// - IPv4-translated ::ffff:0:0:0/96 (RFC 6145), 6to4 2002::/16 (deprecated by RFC 7526) and Teredo
//   2001::/32: reach their IPv4 host through relays; no API server or webhook receiver is
//   addressed this way. Refused whatever they embed.
// - Anything else outside global unicast 2000::/3 (RFC 4291 section 2.4), which includes the
//   deprecated IPv4-compatible ::a.b.c.d: refused as reserved.
import ipaddr from 'ipaddr.js';

const IPV4_REASONS: Readonly<Record<string, string>> = {
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (100.64.0.0/10) address',
  private: 'a private address',
  reserved: 'a reserved address',
};

const IPV6_REASONS: Readonly<Record<string, string>> = {
  unspecified: 'an unspecified address',
  linkLocal: 'a link-local address',
  multicast: 'a multicast address',
  loopback: 'a loopback address',
  uniqueLocal: 'a unique-local address',
  deprecatedSiteLocal: 'a site-local address',
  rfc6145: 'an IPv4-translated address',
  '6to4': 'a 6to4 address',
  teredo: 'a Teredo address',
  reserved: 'a reserved address',
};

const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

export interface AddressVerdict {
  /** Null when the address is public unicast; else why not, e.g. `a loopback address`. */
  reason: string | null;
  /** The IPv4 address an IPv6 form carries (mapped, NAT64), for allow-list matching. */
  embedded: ipaddr.IPv4 | null;
}

function lastFourBytes(address: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = address.toByteArray().slice(12);
  return new ipaddr.IPv4(bytes);
}

export function classifyIPv4(address: ipaddr.IPv4): string | null {
  const range: string = address.range();
  if (range === 'unicast') return null;
  return IPV4_REASONS[range] ?? `a special-purpose address (${range})`;
}

function describeEmbedded(prefix: string, embedded: ipaddr.IPv4): string {
  const inner = classifyIPv4(embedded);
  return inner === null ? `${prefix} (of ${embedded.toString()})` : `${prefix} (of ${embedded.toString()}, ${inner})`;
}

export function classifyIPv6(address: ipaddr.IPv6): AddressVerdict {
  const range: string = address.range();
  if (range === 'ipv4Mapped') {
    const embedded = address.toIPv4Address();
    return { reason: describeEmbedded('an IPv4-mapped address', embedded), embedded };
  }
  if (range === 'rfc6052') {
    if (!address.match(NAT64_WELL_KNOWN)) return { reason: 'a local-use NAT64 address', embedded: null };
    const embedded = lastFourBytes(address);
    const inner = classifyIPv4(embedded);
    return { reason: inner === null ? null : describeEmbedded('a NAT64 address', embedded), embedded };
  }
  if (range !== 'unicast') return { reason: IPV6_REASONS[range] ?? `a special-purpose address (${range})`, embedded: null };
  if (!address.match(GLOBAL_UNICAST)) return { reason: 'a reserved address (outside 2000::/3)', embedded: null };
  return { reason: null, embedded: null };
}

/** Parses an address as node or a resolver reports it; null when it is not an IP address. */
export function parseAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  try {
    return ipaddr.parse(bare);
  } catch {
    return null;
  }
}
