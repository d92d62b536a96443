// Property checks over the real fixtures with a seeded PRNG: the indexed canI / whoCan must
// give exactly the naive scan's answers (paths and order included), and the two questions
// must agree with each other (every who-can subject, asked as a user, is allowed by its paths).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClusterObjects } from '../kube/types';
import { applyAggregation } from './aggregation';
import { buildAuthzIndex } from './authz-index';
import { canI } from './can-i';
import { naiveCanI, naiveWhoCan } from './naive';
import { serviceAccountUsername } from './subject-matches';
import { BOOTSTRAP_FILES, REAL_WORLD_FILES, fixtureObjects } from './testdata/fixtures';
import type { AuthzRequest, UserInfo, WhoCanSubject } from './types';
import { whoCan } from './who-can';

/** mulberry32: small, seedable, good enough to spread requests. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uniq = (xs: string[]) => [...new Set(xs)].sort();

/** Vocabulary drawn from the snapshot itself, plus values no rule names and wildcard look-alikes. */
function vocabulary(objects: ClusterObjects) {
  const rules = [...objects.roles, ...objects.clusterRoles].flatMap((r) => r.rules);
  const resources = uniq(rules.flatMap((r) => r.resources));
  const subjects = [...objects.roleBindings, ...objects.clusterRoleBindings].flatMap((b) => b.subjects);
  return {
    verbs: uniq([...rules.flatMap((r) => r.verbs), 'GET', 'frobnicate']),
    groups: uniq([...rules.flatMap((r) => r.apiGroups), 'example.com']),
    resources: uniq([...resources.map((r) => r.split('/')[0] ?? r), 'widgets', '*']),
    subresources: uniq(['', '', '', ...resources.filter((r) => r.includes('/')).map((r) => r.split('/')[1] ?? ''), 'scale', '*']),
    names: uniq(['', '', '', ...rules.flatMap((r) => r.resourceNames), 'web', '*']),
    namespaces: uniq(['', ...objects.roleBindings.map((b) => b.namespace), 'elsewhere']),
    paths: uniq([
      ...rules.flatMap((r) => r.nonResourceURLs).map((u) => u.replace(/\*+$/, 'x/y')),
      '/healthz',
      '/apis',
      '/metrics',
      '/nope',
    ]),
    userNames: uniq([
      ...subjects.filter((s) => s.kind === 'User').map((s) => s.name),
      ...subjects.filter((s) => s.kind === 'ServiceAccount').map((s) => serviceAccountUsername(s.namespace || 'default', s.name)),
      'nobody',
      '',
    ]),
    groupNames: uniq([...subjects.filter((s) => s.kind === 'Group').map((s) => s.name), 'system:authenticated', 'other']),
  };
}

type Vocabulary = ReturnType<typeof vocabulary>;

function generator(v: Vocabulary, seed: number) {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const request = (): AuthzRequest =>
    rand() < 0.15
      ? { kind: 'nonResource', verb: pick(v.verbs), path: pick(v.paths) }
      : {
          kind: 'resource',
          verb: pick(v.verbs),
          apiGroup: pick(v.groups),
          resource: pick(v.resources),
          subresource: pick(v.subresources),
          namespace: pick(v.namespaces),
          name: pick(v.names),
        };
  const user = (): UserInfo => ({
    name: pick(v.userNames),
    groups: Array.from({ length: Math.floor(rand() * 4) }, () => pick(v.groupNames)),
  });
  return { request, user, coin: () => rand() < 0.3 };
}

function asUser(s: WhoCanSubject): UserInfo {
  if (s.kind === 'User') return { name: s.name, groups: [] };
  if (s.kind === 'Group') return { name: '\u0000no user', groups: [s.name] };
  return { name: serviceAccountUsername(s.namespace ?? '', s.name), groups: [] };
}

const objects = applyAggregation(fixtureObjects([...BOOTSTRAP_FILES, ...REAL_WORLD_FILES]));
const index = buildAuthzIndex(objects);
const vocab = vocabulary(objects);

void describe('indexed answers equal the naive scan on random requests over the real fixtures', () => {
  void test('canI: 600 random (user, request) pairs', () => {
    const gen = generator(vocab, 20240601);
    let allowed = 0;
    for (let i = 0; i < 600; i++) {
      const user = gen.user();
      const request = gen.request();
      const got = canI(index, user, request);
      assert.deepEqual(got, naiveCanI(objects, user, request), JSON.stringify({ user, request }));
      if (got.allowed) allowed++;
    }
    assert.ok(allowed > 30 && allowed < 570, `the sample exercises both outcomes (allowed ${allowed}/600)`);
  });

  void test('whoCan: 400 random requests, namespaced and all-namespaces', () => {
    const gen = generator(vocab, 7);
    let nonEmpty = 0;
    for (let i = 0; i < 400; i++) {
      const request = gen.request();
      const allNamespaces = gen.coin();
      const got = whoCan(index, request, { allNamespaces });
      assert.deepEqual(got, naiveWhoCan(objects, request, { allNamespaces }), JSON.stringify({ request, allNamespaces }));
      if (got.subjects.length > 0) nonEmpty++;
    }
    assert.ok(nonEmpty > 40, `the sample finds subjects (${nonEmpty}/400 non-empty)`);
  });

  void test('whoCan and canI agree: each reported subject, asked as a user, is allowed through at least those paths', () => {
    const gen = generator(vocab, 99);
    for (let i = 0; i < 200; i++) {
      const request = gen.request();
      for (const subject of whoCan(index, request).subjects) {
        const decision = canI(index, asUser(subject), request);
        assert.ok(decision.allowed, JSON.stringify({ request, subject: subject.name }));
        for (const m of subject.matchedBy) assert.ok(decision.matchedBy.some((d) => JSON.stringify(d) === JSON.stringify(m)));
      }
    }
  });
});
