// The outbound-address rule: every spelling of a loopback, private, link-local, CGNAT or mapped
// address is refused, public unicast passes without any connection, and
// ACCESS_ATLAS_ALLOWED_TARGETS opens exactly what it names.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import {
  AllowedTargetsError,
  checkAddress,
  checkUrlTarget,
  guardedLookup,
  parseAllowedTargets,
  STRICT_POLICY,
  TARGET_REFUSED,
  targetPolicyFromEnv,
  type Resolve,
  type TargetPolicy,
} from './target-guard';

function policyOf(text: string): TargetPolicy {
  const parsed = parseAllowedTargets(text);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
  return parsed.policy;
}

const REFUSED_URLS: { url: string; shown: string; reason: RegExp }[] = [
  { url: 'http://0x7f000001/', shown: '127.0.0.1', reason: /a loopback address/ },
  { url: 'http://2130706433/', shown: '127.0.0.1', reason: /a loopback address/ },
  { url: 'http://0177.0.0.1/', shown: '127.0.0.1', reason: /a loopback address/ },
  { url: 'http://127.1/', shown: '127.0.0.1', reason: /a loopback address/ },
  { url: 'http://127.0.0.1:5432/', shown: '127.0.0.1', reason: /a loopback address/ },
  { url: 'http://[::1]/', shown: '[::1]', reason: /a loopback address/ },
  { url: 'http://[::ffff:7f00:1]/', shown: '[::ffff:7f00:1]', reason: /an IPv4-mapped address \(of 127\.0\.0\.1, a loopback address\)/ },
  { url: 'http://[::ffff:127.0.0.1]/', shown: '[::ffff:7f00:1]', reason: /an IPv4-mapped address \(of 127\.0\.0\.1, a loopback address\)/ },
  { url: 'http://[::ffff:93.184.216.34]/', shown: '[::ffff:5db8:d822]', reason: /an IPv4-mapped address \(of 93\.184\.216\.34\)/ },
  { url: 'http://169.254.169.254/latest/meta-data/', shown: '169.254.169.254', reason: /a link-local address/ },
  { url: 'http://[fe80::1]/', shown: '[fe80::1]', reason: /a link-local address/ },
  { url: 'http://10.0.0.1/', shown: '10.0.0.1', reason: /a private address/ },
  { url: 'http://172.16.0.1/', shown: '172.16.0.1', reason: /a private address/ },
  { url: 'http://192.168.1.1/', shown: '192.168.1.1', reason: /a private address/ },
  { url: 'http://100.64.0.1/', shown: '100.64.0.1', reason: /carrier-grade NAT/ },
  { url: 'http://100.100.100.200/latest/meta-data/', shown: '100.100.100.200', reason: /carrier-grade NAT/ },
  { url: 'http://[fc00::1]/', shown: '[fc00::1]', reason: /a unique-local address/ },
  { url: 'http://[fd12:3456::1]/', shown: '[fd12:3456::1]', reason: /a unique-local address/ },
  { url: 'http://0.0.0.0/', shown: '0.0.0.0', reason: /an unspecified address/ },
  { url: 'http://0/', shown: '0.0.0.0', reason: /an unspecified address/ },
  { url: 'http://[::]/', shown: '[::]', reason: /an unspecified address/ },
  { url: 'http://255.255.255.255/', shown: '255.255.255.255', reason: /a broadcast address/ },
  { url: 'http://224.0.0.1/', shown: '224.0.0.1', reason: /a multicast address/ },
  {
    url: 'http://[64:ff9b::a9fe:a9fe]/',
    shown: '[64:ff9b::a9fe:a9fe]',
    reason: /a NAT64 address \(of 169\.254\.169\.254, a link-local address\)/,
  },
  { url: 'http://[64:ff9b:1::a9fe:a9fe]/', shown: '[64:ff9b:1::a9fe:a9fe]', reason: /a local-use NAT64 address/ },
  { url: 'http://[2002:7f00:1::1]/', shown: '[2002:7f00:1::1]', reason: /a 6to4 address/ },
  { url: 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', shown: '[2001:0:4136:e378:8000:63bf:3fff:fdd2]', reason: /a Teredo address/ },
  { url: 'http://[::7f00:1]/', shown: '[::7f00:1]', reason: /a reserved address \(outside 2000::\/3\)/ },
  { url: 'http://localhost:8080/', shown: 'localhost', reason: /a loopback name/ },
  { url: 'http://LOCALHOST./', shown: 'localhost.', reason: /a loopback name/ },
  { url: 'http://api.localhost/', shown: 'api.localhost', reason: /a loopback name/ },
];

describe('checkUrlTarget', () => {
  for (const { url, shown, reason } of REFUSED_URLS) {
    test(`refuses ${url}`, () => {
      const refusal = checkUrlTarget(url, STRICT_POLICY);
      assert.ok(refusal !== null, `${url} must be refused`);
      assert.ok(refusal.startsWith(`${shown} is `), refusal);
      assert.match(refusal, reason);
      assert.match(refusal, /refused unless ACCESS_ATLAS_ALLOWED_TARGETS names it$/);
    });
  }

  test('passes public addresses and names without connecting (names are judged at connect time)', () => {
    for (const url of [
      'http://93.184.216.34/',
      'https://8.8.8.8:443/x',
      'https://[2606:4700:4700::1111]/',
      'http://[64:ff9b::5db8:d822]/',
      'https://hooks.slack.com/services/T/B/x',
    ]) {
      assert.equal(checkUrlTarget(url, STRICT_POLICY), null, url);
    }
  });

  test('never puts the URL path or query (a secret) into the refusal', () => {
    const refusal = checkUrlTarget('http://127.0.0.1/hooks/s3cr3t?token=abc', STRICT_POLICY) ?? '';
    assert.ok(!refusal.includes('s3cr3t') && !refusal.includes('abc'), refusal);
  });

  test('an allowed CIDR opens addresses inside it, in any spelling, and nothing else', () => {
    const policy = policyOf('127.0.0.1/32, 10.20.0.0/16');
    for (const url of [
      'http://127.0.0.1:5432/',
      'http://0x7f000001/',
      'http://[::ffff:127.0.0.1]/',
      'http://10.20.3.4/',
      'http://localhost/',
    ]) {
      assert.equal(checkUrlTarget(url, policy), null, url);
    }
    for (const url of ['http://127.0.0.2/', 'http://10.21.0.1/', 'http://[::1]/', 'http://169.254.169.254/']) {
      assert.notEqual(checkUrlTarget(url, policy), null, url);
    }
  });

  test('a bare IP is its own /32 or /128; an IPv6 CIDR opens IPv6 addresses', () => {
    const policy = policyOf('100.100.100.200, [::1], fd00::/8');
    assert.equal(checkUrlTarget('http://100.100.100.200/', policy), null);
    assert.notEqual(checkUrlTarget('http://100.100.100.201/', policy), null);
    assert.equal(checkUrlTarget('http://[::1]/', policy), null);
    assert.equal(checkUrlTarget('http://[fd00::5]/', policy), null);
    assert.notEqual(checkUrlTarget('http://[fc00::5]/', policy), null);
  });

  test('an allowed host name opens exactly that name (case and trailing dot aside), not its subdomains', () => {
    const policy = policyOf('localhost, Api.Internal.Example.com');
    assert.equal(checkUrlTarget('http://localhost:6443/', policy), null);
    assert.equal(checkUrlTarget('https://api.internal.example.com./', policy), null);
    assert.notEqual(checkUrlTarget('http://x.localhost/', policy), null);
  });

  test('an unparsable URL is refused', () => {
    assert.equal(checkUrlTarget('not a url', STRICT_POLICY), 'not a valid URL');
  });
});

describe('checkAddress', () => {
  test('judges what a resolver returns, in any spelling ipaddr.js reads', () => {
    assert.match(checkAddress('0x7f000001', STRICT_POLICY) ?? '', /^0x7f000001 is a loopback address/);
    assert.match(
      checkAddress('::ffff:169.254.169.254', STRICT_POLICY) ?? '',
      /IPv4-mapped address \(of 169\.254\.169\.254, a link-local address\)/,
    );
    assert.match(checkAddress('100.100.100.200', STRICT_POLICY) ?? '', /carrier-grade NAT/);
    assert.match(checkAddress('fe80::1%eth0', STRICT_POLICY) ?? '', /link-local/);
    assert.match(checkAddress('nonsense', STRICT_POLICY) ?? '', /not an IP address/);
    assert.equal(checkAddress('93.184.216.34', STRICT_POLICY), null);
    assert.equal(checkAddress('2606:4700:4700::1111', STRICT_POLICY), null);
  });
});

describe('ACCESS_ATLAS_ALLOWED_TARGETS', () => {
  test('parses CIDRs, IPs and names; blanks and spaces are ignored', () => {
    const policy = policyOf(' 10.0.0.0/8 ,, fd00::/8, 192.168.1.5, kube.internal, my_host.corp. ');
    assert.equal(policy.cidrs.length, 3);
    assert.deepEqual([...policy.names], ['kube.internal', 'my_host.corp']);
    assert.deepEqual(parseAllowedTargets(undefined), { ok: true, policy: { cidrs: [], names: new Set() } });
  });

  test('an entry that is neither a CIDR, an IP nor a host name is an error naming the variable and the entry', () => {
    for (const bad of [
      '10.0.0.0/33',
      'example.com:443',
      'http://example.com',
      '10.0.0.0/x',
      '1.2.3.4.5',
      'a..b',
      '-bad.example',
      '*.example.com',
    ]) {
      const parsed = parseAllowedTargets(`10.0.0.0/8,${bad}`);
      assert.equal(parsed.ok, false, bad);
      if (!parsed.ok) assert.equal(parsed.error, `ACCESS_ATLAS_ALLOWED_TARGETS: "${bad}" is neither a CIDR, an IP address nor a host name`);
    }
  });

  test('targetPolicyFromEnv throws a typed error naming the variable', () => {
    assert.throws(
      () => targetPolicyFromEnv({ ACCESS_ATLAS_ALLOWED_TARGETS: 'not a host!' }),
      (error: unknown) =>
        error instanceof AllowedTargetsError && error.variable === 'ACCESS_ATLAS_ALLOWED_TARGETS' && /"not a host!"/.test(error.message),
    );
    assert.equal(targetPolicyFromEnv({}).cidrs.length, 0);
    assert.equal(targetPolicyFromEnv({ ACCESS_ATLAS_ALLOWED_TARGETS: '127.0.0.1/32' }).cidrs.length, 1);
  });
});

type LookupResult = { err: NodeJS.ErrnoException | null; address: unknown; family: number | undefined };

function lookupOnce(lookup: ReturnType<typeof guardedLookup>, host: string, all: boolean): Promise<LookupResult> {
  return new Promise((resolve) => lookup(host, { all }, (err, address, family) => resolve({ err, address, family })));
}

function fakeResolver(table: Record<string, LookupAddress[]>): Resolve {
  return (hostname, _options, callback) => {
    const found = table[hostname];
    if (found === undefined) callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    else callback(null, found);
  };
}

describe('guardedLookup', () => {
  test('refuses localhost as the system resolver answers it, naming host, address and variable', async () => {
    const refusals: string[] = [];
    const { err } = await lookupOnce(guardedLookup(STRICT_POLICY, { onRefused: (e) => refusals.push(e.message) }), 'localhost', false);
    assert.ok(err !== null);
    assert.equal(err.code, TARGET_REFUSED);
    assert.match(
      err.message,
      /^localhost resolves to (127\.0\.0\.1|::1), a loopback address; outbound requests to it are refused unless ACCESS_ATLAS_ALLOWED_TARGETS names it$/,
    );
    assert.deepEqual(refusals, [err.message]);
  });

  test('refuses a name when any of its addresses is refused (a rebinding name with one public and one private answer)', async () => {
    const resolve = fakeResolver({
      'rebind.example': [
        { address: '93.184.216.34', family: 4 },
        { address: '169.254.169.254', family: 4 },
      ],
    });
    const { err } = await lookupOnce(guardedLookup(STRICT_POLICY, { resolve }), 'rebind.example', true);
    assert.equal(err?.code, TARGET_REFUSED);
    assert.match(err?.message ?? '', /^rebind\.example resolves to 169\.254\.169\.254, a link-local address;/);
  });

  test('answers in the shape asked for: one address, or all of them', async () => {
    const addresses: LookupAddress[] = [
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800:220:1::', family: 6 },
    ];
    const lookup = guardedLookup(STRICT_POLICY, { resolve: fakeResolver({ 'public.example': addresses }) });
    assert.deepEqual(await lookupOnce(lookup, 'public.example', false), { err: null, address: '93.184.216.34', family: 4 });
    assert.deepEqual(await lookupOnce(lookup, 'public.example', true), { err: null, address: addresses, family: undefined });
  });

  test('a name on the allow list is used whatever it resolves to; a CIDR opens the addresses it holds', async () => {
    const resolve = fakeResolver({
      'kube.internal': [{ address: '10.1.2.3', family: 4 }],
      'other.internal': [{ address: '10.1.2.4', family: 4 }],
    });
    const byName = guardedLookup(policyOf('kube.internal'), { resolve });
    assert.deepEqual(await lookupOnce(byName, 'kube.internal', false), { err: null, address: '10.1.2.3', family: 4 });
    assert.equal((await lookupOnce(byName, 'other.internal', false)).err?.code, TARGET_REFUSED);
    const byCidr = guardedLookup(policyOf('10.1.2.0/24'), { resolve });
    assert.equal((await lookupOnce(byCidr, 'other.internal', false)).err, null);
  });

  test('passes resolver errors through unchanged', async () => {
    const { err } = await lookupOnce(guardedLookup(STRICT_POLICY, { resolve: fakeResolver({}) }), 'nowhere.example', false);
    assert.equal(err?.code, 'ENOTFOUND');
  });
});
