// IpAddress / NotIpAddress (RAM ram/conditional-operator with acs:SourceIp; AWS "Condition
// operators: IP address"): the policy value is a CIDR block, IPv4 or IPv6; a bare address is a
// single-address block (/32, /128). The request value is an address.
import type { BaseOperator, CompiledValues, ValueTest } from './family';
import { anyOf } from './family';

interface Address {
  version: 4 | 6;
  value: bigint;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    out = (out << 8n) | BigInt(Number(p));
  }
  return out;
}

function parseIpv6(text: string): bigint | undefined {
  let groups: string[];
  let tail: bigint | undefined;
  let s = text;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.', lastColon)) {
    tail = parseIpv4(s.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : (halves[0] ?? '').split(':');
  if (halves.length === 2) {
    const rest = halves[1] === '' ? [] : (halves[1] ?? '').split(':');
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return undefined;
    groups = [...head, ...Array<string>(missing).fill('0'), ...rest];
  } else groups = head;
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  let out = groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
  if (tail !== undefined) out = (out & ~0xffffffffn) | tail;
  return out;
}

export function parseAddress(text: string): Address | undefined {
  const t = text.trim();
  const v4 = parseIpv4(t);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = t.includes(':') ? parseIpv6(t) : undefined;
  return v6 === undefined ? undefined : { version: 6, value: v6 };
}

/** The test "is this address inside the block", or undefined when `cidr` is not a block. */
export function compileCidr(cidr: string): ValueTest | undefined {
  const [addrText = '', prefixText, ...extra] = cidr.trim().split('/');
  if (extra.length > 0) return undefined;
  const addr = parseAddress(addrText);
  if (addr === undefined) return undefined;
  const bits = addr.version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits)) return undefined;
  const shift = BigInt(bits - prefix);
  const network = addr.value >> shift;
  return (value) => {
    const got = parseAddress(value.split('/')[0] ?? '');
    return got !== undefined && got.version === addr.version && got.value >> shift === network;
  };
}

function ipCompile(values: readonly string[]): CompiledValues {
  const warnings: string[] = [];
  const tests: ValueTest[] = [];
  for (const raw of values) {
    const test = compileCidr(raw);
    if (test === undefined) warnings.push(`"${raw}" is not an IP address or CIDR block; it never matches`);
    else tests.push(test);
  }
  return { test: anyOf(tests.length > 0 ? tests : [() => false]), warnings };
}

export const IP_OPERATORS: Record<string, BaseOperator> = {
  IpAddress: { negated: false, compile: ipCompile },
  NotIpAddress: { negated: true, compile: ipCompile },
};
