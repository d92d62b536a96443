// The findings read models on a real SQLite store with fixtures/risky-rbac stored twice and the
// bootstrap policy once: one evaluation per snapshot shared by every reader, the page's filters and
// counts, the trend, the severity marks, one finding's page and the overview's counts, with stored
// suppressions decided by the clock handed in. The marks route through the wrapper.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NextRequest } from 'next/server';
import { authorizationAs } from '../http/__tests__/test-caller';
import { collectFromFiles } from '../../collect/files';
import type { Store } from '../../store';
import { answerOf } from '../http/__tests__/answer-of';
import { QuestionError } from '../questions/errors';
import { askFindings, loadSnapshotFindings } from '../questions/findings';
import { matchesFilter, parseFindingsFilter, rolesOf, type FindingsFilter } from './filter';
import { loadFindingDetail } from './finding-detail';
import { loadFindingsPage, type FindingsPage } from './findings-page';
import { loadFindingMarks } from './marks';
import { overviewFindingCounts } from './overview-counts';
import { trendSnapshots } from './trend';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const RISKY = join(ROOT, 'fixtures', 'risky-rbac', 'risky.yaml');
const BOOTSTRAP = ['cluster-roles', 'cluster-role-bindings', 'namespace-roles', 'namespace-role-bindings'].map((name) =>
  join(ROOT, 'fixtures', 'k8s-bootstrap', `${name}.yaml`),
);

const dir = mkdtempSync(join(tmpdir(), 'atlas-findings-views-'));
process.env.ACCESS_ATLAS_DATA_DIR = join(dir, 'data');
delete process.env.DATABASE_URL;
delete process.env.ACCESS_ATLAS_ALLOWED_HOSTS;
delete process.env.ACCESS_ATLAS_PUBLIC_URL;

let store: Store;
const NOW = new Date('2026-12-01T00:00:00Z');
const DEPLOYER = 'ServiceAccount/ci/deployer';

async function storeFiles(sourceName: string, paths: string[]): Promise<number> {
  const collected = await collectFromFiles(paths);
  assert.ok(collected.ok, collected.ok ? '' : collected.error.message);
  const source = await store.ensureSource({ name: sourceName, kind: 'cluster', connection: {} });
  const snapshot = await store.startSnapshot(source.id, 'test');
  await store.finishSnapshot(snapshot.id, collected.snapshot);
  return snapshot.id;
}

async function page(query: string, now = NOW): Promise<FindingsPage> {
  const answer = await loadFindingsPage(store, new URLSearchParams(query), now);
  assert.ok(answer.ok, answer.ok ? '' : `${answer.param}: ${answer.error}`);
  return answer;
}

async function suppressDeployerSecrets(expiresAt: Date) {
  return store.suppressions.create('risky', {
    rule: 'k8s.secrets-read',
    subjectPattern: DEPLOYER,
    objectPattern: null,
    scope: null,
    justification: 'the deployer syncs sealed secrets',
    owner: 'platform@example.com',
    expiresAt,
    createdBy: 'test',
    at: NOW,
  });
}

before(async () => {
  const { getStore } = await import('../store-instance');
  store = await getStore();
  await storeFiles('risky', [RISKY]);
  await storeFiles('risky', [RISKY]);
  await storeFiles('bootstrap', BOOTSTRAP);
  const cloud = await store.ensureSource({ name: 'cloud', kind: 'cloud-account', connection: {} });
  const snapshot = await store.startSnapshot(cloud.id, 'test');
  await store.finishSnapshot(snapshot.id, { objects: [], missingKinds: [], warnings: [], origin: 'test' });
});

after(async () => {
  const { closeStore } = await import('../store-instance');
  await closeStore();
  rmSync(dir, { recursive: true, force: true });
});

describe('one evaluation per snapshot', () => {
  test('every reader gets the same evaluated findings; a rule filter keeps exactly that rule’s findings', async () => {
    const asked = await askFindings(store, { source: 'risky' }, NOW);
    const first = await loadSnapshotFindings(store, 'cluster', asked.snapshot);
    assert.equal(await loadSnapshotFindings(store, 'cluster', asked.snapshot), first, 'the cached result, not a second evaluation');
    const only = await askFindings(store, { source: 'risky', rules: ['k8s.secrets-read'] }, NOW);
    assert.deepEqual(
      only.findings.map((f) => f.id),
      asked.findings.filter((f) => f.rule === 'k8s.secrets-read').map((f) => f.id),
    );
    assert.ok(
      first.findings.every((f) => !f.suppressed),
      'cached before suppressions',
    );
  });
});

describe('parseFindingsFilter', () => {
  test('empty form fields mean any; checkboxes are 1; each bad parameter is refused by name', () => {
    assert.deepEqual(parseFindingsFilter(new URLSearchParams('source=risky&severity=&rule=&namespace=&subject=&builtin=1')), {
      source: 'risky',
      showBuiltIn: true,
      showSuppressed: false,
    } satisfies FindingsFilter);
    const cases: [string, string][] = [
      ['severity=severe', 'severity'],
      ['rule=k8s.nope', 'rule'],
      ['role=admin', 'role'],
      ['snapshot=x', 'snapshot'],
      ['builtin=yes', 'builtin'],
      ['severity=high&severity=low', 'severity'],
      ['verb=get', 'verb'],
    ];
    for (const [query, param] of cases) {
      assert.throws(
        () => parseFindingsFilter(new URLSearchParams(query)),
        (error) => error instanceof QuestionError && error.code === 'invalid' && error.param === param,
        query,
      );
    }
  });

  test('namespace matches the scope or the subject’s namespace; subject text is words or one exact kind/namespace/name', async () => {
    const { findings } = await loadSnapshotFindings(store, 'cluster', (await askFindings(store, { source: 'risky' }, NOW)).snapshot);
    const base: FindingsFilter = { showBuiltIn: true, showSuppressed: true };
    const pick = (filter: Partial<FindingsFilter>) =>
      findings.filter((f) => matchesFilter(f, () => rolesOf(f), { ...base, ...filter })).map((f) => `${f.rule} ${f.scope}`);
    assert.ok(pick({ namespace: 'ci' }).includes('k8s.secrets-read cluster'), 'the deployer lives in ci');
    assert.deepEqual(pick({ subject: DEPLOYER }), pick({ subject: 'serviceaccount CI/deployer' }));
    assert.deepEqual(pick({ subject: 'ServiceAccount/ci/deploy' }), [], 'an exact pattern is not a prefix');
    assert.deepEqual(pick({ role: 'ClusterRole//secrets-reader', rule: 'k8s.secrets-read' }), ['k8s.secrets-read cluster']);
  });
});

describe('the findings page', () => {
  test('no source named: the first cluster source by name answers; a cloud account answers with the cloud rules', async () => {
    const first = await page('');
    assert.equal(first.source.name, 'bootstrap');
    const cloud = await page('source=cloud');
    assert.equal(cloud.source.kind, 'cloud-account');
    assert.ok(cloud.rules.length > 0 && cloud.rules.every((r) => r.id.startsWith('ram.') || r.id.startsWith('ack.')));
    assert.ok(cloud.notEvaluated.some((n) => n.rule === 'ram.root-accesskey'));
  });

  test('counts by severity ignore the severity filter; built-in and suppressed findings are hidden and counted', async () => {
    const all = await page('source=bootstrap&builtin=1');
    const open = await page('source=bootstrap');
    assert.ok(all.rows.length > 0 && all.rows.every((r) => r.builtIn !== null), 'the bootstrap policy is built-in');
    assert.equal(open.rows.length, 0);
    assert.equal(open.hidden.builtIn, all.total);
    const secrets = await page('source=bootstrap&rule=k8s.secrets-read');
    const secretsShown = await page('source=bootstrap&rule=k8s.secrets-read&builtin=1');
    assert.ok(secretsShown.rows.length > 0 && secretsShown.rows.length < all.total);
    assert.equal(secrets.hidden.builtIn, secretsShown.rows.length, 'what the toggle hides under the other filters');
    const high = await page('source=bootstrap&builtin=1&severity=high');
    assert.deepEqual(high.counts, all.counts);
    assert.equal(high.rows.length, all.counts.high);
    assert.ok(high.rows.every((r) => r.severity === 'high'));
  });

  test('a suppression hides its finding (listed, marked, with show suppressed) until it expires by the clock handed in', async () => {
    const before = await page('source=risky&rule=k8s.secrets-read');
    assert.equal(before.rows.length, 1);
    const created = await suppressDeployerSecrets(new Date('2026-12-01T00:00:05Z'));
    try {
      const during = await page('source=risky&rule=k8s.secrets-read');
      assert.deepEqual([during.rows.length, during.hidden.suppressed], [0, 1]);
      const shown = await page('source=risky&rule=k8s.secrets-read&suppressed=1');
      assert.equal(shown.rows[0]?.suppressedBy?.id, created.id);
      assert.equal(shown.suppressions.find((s) => s.id === created.id)?.status, 'active');
      const later = await page('source=risky&rule=k8s.secrets-read', new Date('2026-12-01T00:00:05Z'));
      assert.deepEqual([later.rows.length, later.rows[0]?.suppressed], [1, false]);
      assert.equal(later.suppressions.find((s) => s.id === created.id)?.status, 'expired');
    } finally {
      await store.suppressions.revoke('risky', created.id, { by: 'test', reason: 'test done', at: NOW });
    }
  });

  test('the trend counts each usable snapshot, oldest first, under the page’s filter', async () => {
    const risky = await page('source=risky');
    assert.equal(risky.trend.length, 2);
    const [older, newer] = risky.trend;
    assert.ok(older && newer && older.seq < newer.seq);
    assert.deepEqual(older.counts, risky.counts, 'the same files twice: the same counts');
    assert.deepEqual(newer.counts, risky.counts);
    const narrowed = await page('source=risky&rule=k8s.missing-service-account');
    assert.deepEqual(
      narrowed.trend.map((p) => p.counts.high + p.counts.medium + p.counts.low + p.counts.critical + p.counts.info),
      [1, 1],
    );
    const snapshots = await store.listSnapshots(risky.source.id, { limit: 10 });
    assert.deepEqual(
      trendSnapshots(snapshots, 1).map((s) => s.id),
      [newer.snapshotId],
    );
  });
});

describe('severity marks', () => {
  test('a subject by its own unsuppressed findings, a role by those whose evidence passes through it', async () => {
    const { snapshot } = await askFindings(store, { source: 'risky' }, NOW);
    const marks = await loadFindingMarks(store, snapshot, NOW);
    const deployer = marks.subjects[DEPLOYER];
    assert.ok(deployer && deployer.severity === 'high' && deployer.count >= 1, JSON.stringify(marks.subjects));
    assert.equal(marks.roles['ClusterRole//secrets-reader']?.severity, 'high');
    const created = await suppressDeployerSecrets(new Date('2027-01-01T00:00:00Z'));
    try {
      const after = await loadFindingMarks(store, snapshot, NOW);
      assert.equal((after.subjects[DEPLOYER]?.count ?? 0) + 1, deployer.count, 'the suppressed finding no longer counts');
    } finally {
      await store.suppressions.revoke('risky', created.id, { by: 'test', reason: 'test done', at: NOW });
    }
  });

  test('GET /api/findings/marks: the snapshot resolved as every question is, refusals in the envelope', async () => {
    const { GET } = await import('../../../app/api/findings/marks/route');
    const get = async (query: string) => {
      const response = await GET(
        new NextRequest(`http://127.0.0.1:3000/api/findings/marks?${query}`, {
          headers: { host: '127.0.0.1:3000', ...(await authorizationAs('viewer')) },
        }),
        { params: Promise.resolve({}) },
      );
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const ok = await answerOf(get('source=risky'));
    assert.equal(ok.status, 200);
    assert.equal(ok.body.source, 'risky');
    for (const [query, status, param] of [
      ['source=cloud', 409, 'source'],
      ['', 400, 'source'],
      ['snapshot=abc', 400, 'snapshot'],
    ] as const) {
      const sent = await answerOf(get(query));
      assert.equal(sent.status, status, query);
      assert.equal(sent.body.error?.param, param, query);
    }
  });
});

describe('one finding’s page and the overview', () => {
  test('the finding with its rule and each grant path’s rule text; an unknown or malformed id is refused by name', async () => {
    const asked = await askFindings(store, { source: 'risky', rules: ['k8s.secrets-read'] }, NOW);
    const [finding] = asked.findings;
    assert.ok(finding);
    const detail = await loadFindingDetail(store, finding.id, { source: 'risky' }, NOW);
    assert.ok(detail.ok);
    assert.equal(detail.rule.id, 'k8s.secrets-read');
    assert.ok(detail.rule.rationale.length > 0 && detail.rule.remediation.length > 0);
    const grant = detail.evidence.find((e) => e.kind === 'grant');
    assert.ok(grant && grant.kind === 'grant');
    const path = grant.paths.find((p) => p.binding.name === 'deployer-reads-secrets');
    assert.equal(path?.role.name, 'secrets-reader');
    assert.ok(path?.rule?.resources.includes('secrets'), JSON.stringify(path));

    const missing = await loadFindingDetail(store, 'f_0000', { source: 'risky' }, NOW);
    assert.ok(!missing.ok);
    assert.deepEqual([missing.status, missing.param], [404, 'id']);
    const malformed = await loadFindingDetail(store, '../etc', { source: 'risky' }, NOW);
    assert.ok(!malformed.ok);
    assert.deepEqual([malformed.status, malformed.param], [400, 'id']);
  });

  test('the overview counts what the findings page lists by default', async () => {
    const risky = await page('source=risky');
    const source = await store.getSource('risky');
    assert.ok(source);
    const counts = await overviewFindingCounts(store, source, risky.snapshot, NOW);
    assert.ok(counts?.ok);
    assert.deepEqual(counts.counts, risky.counts);
    // What the tiles leave out is said beside them, so a 0 never reads as "nothing found".
    const all = await page('source=risky&builtin=1&suppressed=1');
    const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    assert.equal(total(counts.counts) + counts.hidden.builtIn + counts.hidden.suppressed, total(all.counts));
    assert.equal(total(counts.rules), total(counts.counts), 'the same findings, by rule');
    const cloud = await store.getSource('cloud');
    assert.ok(cloud);
    assert.equal(await overviewFindingCounts(store, cloud, null, NOW), null);
  });
});
