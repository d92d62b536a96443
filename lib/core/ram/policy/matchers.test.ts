// The building blocks: wildcard, action, resource, principal matching, CIDR and date parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionMatches } from './action-matches';
import { compileCidr } from './conditions/ip-address';
import { parseDate } from './conditions/date';
import { accountOf, parsePrincipal, principalMatches } from './principal-matches';
import { resourceMatches } from './resource-matches';
import { wildcardMatches } from './wildcard';
import { contextFromPairs, contextValues } from './context';

test('* spans any run, empty included, across : and /; ? is exactly one character', () => {
  assert.ok(wildcardMatches('acs:oss:*:*:b/*', 'acs:oss:cn-hangzhou:1:b/a/b/c'));
  assert.ok(wildcardMatches('acs:oss:*:*:b/*', 'acs:oss:::b/'));
  assert.ok(wildcardMatches('a*b*c', 'abc'));
  assert.ok(wildcardMatches('a*b*c', 'a:x/b//c'));
  assert.ok(!wildcardMatches('a*b*c', 'a:x/b//cd'));
  assert.ok(wildcardMatches('i-00?', 'i-001'));
  assert.ok(!wildcardMatches('i-00?', 'i-00'));
  assert.ok(!wildcardMatches('i-00?', 'i-0012'));
  assert.ok(wildcardMatches('a.b(c)+[d]', 'a.b(c)+[d]'), 'regex characters are literal');
  assert.ok(!wildcardMatches('a.b', 'axb'));
  assert.ok(wildcardMatches('*', ''));
});

test('actions match case-insensitively, resources case-sensitively', () => {
  assert.ok(actionMatches('ecs:Describe*', 'ECS:describeinstances'));
  assert.ok(actionMatches('*:Describe*', 'rds:DescribeDBInstances'));
  assert.ok(!actionMatches('ecs:Describe*', 'ecsx:DescribeInstances'));
  assert.ok(actionMatches('*', 'anything:At-All'));
  assert.ok(resourceMatches('acs:ecs:*:*:instance/i-1', 'acs:ecs:cn-qingdao:1:instance/i-1'));
  assert.ok(!resourceMatches('acs:ecs:*:*:instance/i-1', 'acs:ecs:cn-qingdao:1:instance/I-1'));
});

test('CIDR blocks: IPv4, IPv6 with compression and embedded IPv4, bare address = /32', () => {
  const v4 = compileCidr('10.0.0.0/8');
  assert.ok(v4?.('10.255.1.2'));
  assert.ok(!v4?.('11.0.0.1'));
  assert.ok(!v4?.('::ffff:10.0.0.1'), 'IPv4 blocks do not match IPv6 addresses');
  const bare = compileCidr('172.16.215.218');
  assert.ok(bare?.('172.16.215.218'));
  assert.ok(!bare?.('172.16.215.219'));
  const v6 = compileCidr('2001:DB8::/32');
  assert.ok(v6?.('2001:db8:ffff::1'));
  assert.ok(!v6?.('2001:db9::1'));
  assert.ok(compileCidr('::ffff:192.0.2.0/120')?.('::ffff:192.0.2.77'));
  assert.ok(compileCidr('0.0.0.0/0')?.('8.8.8.8'));
  for (const bad of ['42.120.XX.X/24', '10.0.0.0/33', '1.2.3', '1::2::3', '256.1.1.1', '10.0.0.0/'])
    assert.equal(compileCidr(bad), undefined, bad);
});

test('dates: ISO 8601 with zones as instants, no zone = UTC, epoch seconds only for AWS', () => {
  assert.equal(parseDate('2019-08-12T17:00:00+08:00', 'ram'), Date.UTC(2019, 7, 12, 9));
  assert.equal(parseDate('2019-08-12T09:00:00Z', 'ram'), Date.UTC(2019, 7, 12, 9));
  assert.equal(parseDate('2019-08-12T09:00:00', 'ram'), Date.UTC(2019, 7, 12, 9));
  assert.equal(parseDate('2019-08-12T17:00:00+0800', 'ram'), Date.UTC(2019, 7, 12, 9));
  assert.equal(parseDate('2019-08-12', 'ram'), Date.UTC(2019, 7, 12));
  assert.equal(parseDate('1565600400', 'aws'), Date.UTC(2019, 7, 12, 9));
  assert.equal(parseDate('1565600400', 'ram'), undefined);
  assert.equal(parseDate('Mon, 12 Aug 2019', 'aws'), undefined);
});

test('account principals trust every identity of the account; other ids match exactly', () => {
  assert.equal(accountOf('acs:ram::123:user/a'), '123');
  assert.equal(accountOf('arn:aws:sts::123:assumed-role/r/s'), '123');
  assert.equal(accountOf('123'), '123');
  const parsed = parsePrincipal({ RAM: ['acs:ram::123:root', 'acs:ram::456:user/bob'] }, false, 'ram', 'P');
  assert.ok(parsed.ok);
  if (!parsed.ok) return;
  assert.ok(principalMatches(parsed.set, { type: 'RAM', id: 'acs:ram::123:role/x' }));
  assert.ok(principalMatches(parsed.set, { type: 'RAM', id: 'acs:ram::456:user/bob' }));
  assert.ok(!principalMatches(parsed.set, { type: 'RAM', id: 'acs:ram::456:user/eve' }));
  assert.ok(!principalMatches(parsed.set, { type: 'Federated', id: 'acs:ram::123:root' }), 'types must agree');
  assert.ok(!principalMatches(parsed.set, undefined));
  const svc = parsePrincipal({ Service: 'ECS.aliyuncs.com' }, false, 'ram', 'P');
  assert.ok(svc.ok && principalMatches(svc.set, { type: 'Service', id: 'ecs.aliyuncs.com' }));
});

test('context keys are looked up case-insensitively; repeated keys are multi-valued', () => {
  const ctx = contextFromPairs([
    ['acs:SourceIp', '1.1.1.1'],
    ['ACS:SOURCEIP', '2.2.2.2'],
    ['k', 'v'],
  ]);
  assert.deepEqual(contextValues(ctx, 'acs:sourceip'), ['1.1.1.1', '2.2.2.2']);
  assert.equal(contextValues(ctx, 'missing'), undefined);
  assert.equal(contextValues(new Map([['empty', []]]), 'empty'), undefined);
});

test('the regex-free * matcher agrees with a reference regex on 20,000 random pairs', () => {
  let seed = 7;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const word = (alphabet: string, max: number) => Array.from({ length: next(max + 1) }, () => alphabet[next(alphabet.length)]).join('');
  for (let i = 0; i < 20_000; i++) {
    const pattern = word('ab:/**', 7);
    const value = word('ab:/', 8);
    const reference = new RegExp(`^${pattern.replace(/\*/g, '.*')}$`, 's').test(value);
    assert.equal(wildcardMatches(pattern, value), reference, `${pattern} vs ${value}`);
  }
});
