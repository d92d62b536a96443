// The findings question on a stored snapshot (a real fixture read by the file collector, stored in
// a real SQLite file): the resolver's refusals, rule and severity filters, built-ins, stored
// suppressions decided by the clock handed in, and GET /api/findings through the route wrapper.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NextRequest } from 'next/server';
import { authorizationAs } from '../http/__tests__/test-caller';
import { collectFromFiles } from '../../collect/files';
import type { Finding, FindingsResult } from '../../core/findings/types';
import type { Store } from '../../store';
import { answerOf } from '../http/__tests__/answer-of';
import { askFindings, findingsMissingKinds, parseFindingsQuery } from './findings';
import { QuestionError } from './errors';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const RISKY = join(ROOT, 'fixtures', 'risky-rbac', 'risky.yaml');
const BOOTSTRAP = ['cluster-roles', 'cluster-role-bindings', 'namespace-roles', 'namespace-role-bindings'].map((name) =>
  join(ROOT, 'fixtures', 'k8s-bootstrap', `${name}.yaml`),
);

const dir = mkdtempSync(join(tmpdir(), 'atlas-findings-'));
process.env.ACCESS_ATLAS_DATA_DIR = join(dir, 'data');
delete process.env.DATABASE_URL;
delete process.env.ACCESS_ATLAS_ALLOWED_HOSTS;
delete process.env.ACCESS_ATLAS_PUBLIC_URL;

let store: Store;
let riskySnapshot = 0;
const NOW = new Date('2026-12-01T00:00:00Z');

async function storeFiles(sourceName: string, paths: string[]): Promise<number> {
  const collected = await collectFromFiles(paths);
  assert.ok(collected.ok, collected.ok ? '' : collected.error.message);
  const source = await store.ensureSource({ name: sourceName, kind: 'cluster', connection: {} });
  const snapshot = await store.startSnapshot(source.id, 'test');
  await store.finishSnapshot(snapshot.id, collected.snapshot);
  return snapshot.id;
}

function byRule(result: FindingsResult, rule: string): Finding[] {
  return result.findings.filter((f) => f.rule === rule);
}

async function refusal(promise: Promise<unknown>): Promise<QuestionError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof QuestionError, String(error));
    return error;
  }
  assert.fail('the question was answered');
}

before(async () => {
  const { getStore } = await import('../store-instance');
  store = await getStore();
  riskySnapshot = await storeFiles('risky', [RISKY]);
  await storeFiles('bootstrap', BOOTSTRAP);
  const cloud = await store.ensureSource({ name: 'cloud', kind: 'cloud-account', connection: {} });
  const snapshot = await store.startSnapshot(cloud.id, 'test');
  await store.finishSnapshot(snapshot.id, { objects: [], missingKinds: [], warnings: [], origin: 'test' });
});

after(async () => {
  // Forgets the process store too: the next test file in this worker gets its own.
  const { closeStore } = await import('../store-instance');
  await closeStore();
  rmSync(dir, { recursive: true, force: true });
});

describe('askFindings', () => {
  test('the risky fixture: its deployer reads every Secret, its ghost ServiceAccount is missing, with the engine’s evidence', async () => {
    const answer = await askFindings(store, { source: 'risky' }, NOW);
    assert.equal(answer.source.name, 'risky');
    assert.equal(answer.snapshot.id, riskySnapshot);
    const [secrets] = byRule(answer, 'k8s.secrets-read');
    assert.ok(secrets, JSON.stringify(answer.findings.map((f) => f.rule)));
    assert.deepEqual(secrets.subject, { kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' });
    assert.equal(secrets.scope, 'cluster');
    assert.equal(secrets.source, 'risky');
    assert.equal(secrets.suppressed, false);
    assert.ok(
      secrets.evidence.some(
        (e) =>
          e.kind === 'grant' && e.matchedBy.some((m) => m.binding.name === 'deployer-reads-secrets' && m.role.name === 'secrets-reader'),
      ),
    );
    const missing = byRule(answer, 'k8s.missing-service-account');
    assert.deepEqual(
      missing.map((f) => f.subject),
      [{ kind: 'ServiceAccount', name: 'ghost', namespace: 'ci' }],
    );
    assert.deepEqual(answer.expired, []);
  });

  test('rules, minimum severity and built-ins filter the answer; an unknown rule is refused by name', async () => {
    const only = await askFindings(store, { source: 'risky', rules: ['k8s.secrets-read'] }, NOW);
    assert.ok(only.findings.length > 0 && only.findings.every((f) => f.rule === 'k8s.secrets-read'));
    assert.ok(only.notEvaluated.every((n) => n.rule === 'k8s.secrets-read'));

    const all = await askFindings(store, { source: 'bootstrap' }, NOW);
    const high = await askFindings(store, { source: 'bootstrap', minSeverity: 'high' }, NOW);
    assert.ok(high.findings.every((f) => f.severity === 'high' || f.severity === 'critical'));
    assert.deepEqual(
      high.findings.map((f) => f.id),
      all.findings.filter((f) => f.severity === 'high' || f.severity === 'critical').map((f) => f.id),
    );
    assert.ok(
      all.findings.some((f) => f.builtIn !== null),
      'the bootstrap roles are built-in, marked and listed',
    );
    const hidden = await askFindings(store, { source: 'bootstrap', hideBuiltin: true }, NOW);
    assert.deepEqual(
      hidden.findings.map((f) => f.id),
      all.findings.filter((f) => f.builtIn === null).map((f) => f.id),
    );

    const unknown = await refusal(askFindings(store, { source: 'risky', rules: ['k8s.nope'] }, NOW));
    assert.equal(unknown.code, 'invalid');
    assert.equal(unknown.param, 'rule');
    assert.match(unknown.message, /^rule k8s\.nope: no such rule \(the rules: k8s\./);
  });

  test('kinds the input lacks make their rules not evaluated, never passed: the bootstrap files hold no ServiceAccount or Pod', async () => {
    const answer = await askFindings(store, { source: 'bootstrap' }, NOW);
    assert.equal(byRule(answer, 'k8s.missing-service-account').length, 0);
    assert.ok(
      answer.notEvaluated.some((n) => n.rule === 'k8s.missing-service-account'),
      JSON.stringify(answer.notEvaluated),
    );
    const loaded = await (await import('../snapshot-index')).loadSnapshotIndex(store, answer.snapshot);
    assert.deepEqual(findingsMissingKinds(loaded.index, []), ['Namespace', 'ServiceAccount', 'Pod', 'APIResourceList']);
    assert.deepEqual(findingsMissingKinds(loaded.index, ['Pod', 'Role']), [
      'Pod',
      'Role',
      'Namespace',
      'ServiceAccount',
      'APIResourceList',
    ]);
  });

  test('stored suppressions: in force until their expiry by the clock handed in, then the finding is reported again', async () => {
    const [secrets] = byRule(await askFindings(store, { source: 'risky' }, NOW), 'k8s.secrets-read');
    assert.ok(secrets);
    const created = await store.suppressions.create('risky', {
      rule: 'k8s.secrets-read',
      subjectPattern: 'ServiceAccount/ci/deployer',
      objectPattern: null,
      scope: null,
      justification: 'the deployer syncs sealed secrets',
      owner: 'platform@example.com',
      expiresAt: new Date('2027-01-01T00:00:00Z'),
      createdBy: 'test',
      at: NOW,
    });
    try {
      const before = await askFindings(store, { source: 'risky' }, NOW);
      const [suppressed] = byRule(before, 'k8s.secrets-read');
      assert.equal(suppressed?.suppressed, true, 'listed, marked, never dropped');
      assert.equal(suppressed?.suppressedBy?.id, created.id);
      assert.equal(suppressed?.id, secrets.id);
      assert.ok(byRule(before, 'k8s.missing-service-account').every((f) => !f.suppressed));

      const later = await askFindings(store, { source: 'risky' }, new Date('2027-01-01T00:00:00Z'));
      assert.equal(byRule(later, 'k8s.secrets-read')[0]?.suppressed, false, 'expiry is exclusive');
      assert.deepEqual(
        later.expired.map((s) => s.id),
        [created.id],
      );
    } finally {
      await store.suppressions.revoke('risky', created.id, { by: 'test', reason: 'test done', at: NOW });
    }
  });

  test('a cloud account answers with the cloud rules (none of the cluster rules), by name or by snapshot id', async () => {
    const byName = await askFindings(store, { source: 'cloud' }, NOW);
    assert.equal(byName.source.kind, 'cloud-account');
    assert.ok(byName.findings.every((f) => f.layer === 'cloud'));
    assert.ok(byName.notEvaluated.some((n) => n.rule === 'ram.root-accesskey'));
    assert.ok(!byName.notEvaluated.some((n) => n.rule.startsWith('k8s.')));
    const bySnapshot = await askFindings(store, { snapshotId: byName.snapshot.id }, NOW);
    assert.deepEqual(bySnapshot.notEvaluated, byName.notEvaluated);
    // A cluster rule asked of the cloud account names nothing it could evaluate: its findings are none.
    assert.deepEqual((await askFindings(store, { source: 'cloud', rules: ['k8s.secrets-read'] }, NOW)).findings, []);
  });

  test('refusals by the one resolver: unknown source or snapshot, several clusters and none named', async () => {
    const unknown = await refusal(askFindings(store, { source: 'nope' }, NOW));
    assert.deepEqual([unknown.code, unknown.param], ['not-found', 'source']);
    const snapshot = await refusal(askFindings(store, { source: 'risky', snapshotId: 999 }, NOW));
    assert.deepEqual([snapshot.code, snapshot.param], ['not-found', 'snapshot']);
    const unnamed = await refusal(askFindings(store, {}, NOW));
    assert.deepEqual([unnamed.code, unnamed.param], ['invalid', 'source']);
  });
});

describe('parseFindingsQuery', () => {
  test('source, snapshot, repeated rules, minimum severity, hideBuiltin', () => {
    assert.deepEqual(
      parseFindingsQuery(
        new URLSearchParams('source=risky&snapshot=3&rule=k8s.secrets-read&rule=k8s.bind&minSeverity=high&hideBuiltin=true'),
      ),
      { source: 'risky', snapshotId: 3, rules: ['k8s.secrets-read', 'k8s.bind'], minSeverity: 'high', hideBuiltin: true },
    );
    assert.deepEqual(parseFindingsQuery(new URLSearchParams('')), {});
    assert.deepEqual(parseFindingsQuery({ hideBuiltin: '0' }), { hideBuiltin: false });
  });

  test('each bad parameter is refused by name', () => {
    const cases: [string, string][] = [
      ['minSeverity=severe', 'minSeverity'],
      ['hideBuiltin=yes', 'hideBuiltin'],
      ['snapshot=0', 'snapshot'],
      ['rule=k8s.nope', 'rule'],
      ['rule=', 'rule'],
      ['source=a&source=b', 'source'],
      ['verb=get', 'verb'],
    ];
    for (const [query, param] of cases) {
      assert.throws(
        () => parseFindingsQuery(new URLSearchParams(query)),
        (error) => error instanceof QuestionError && error.code === 'invalid' && error.param === param,
        query,
      );
    }
  });
});

describe('GET /api/findings', () => {
  const base = 'http://127.0.0.1:3000';
  async function get(query: string) {
    const { GET } = await import('../../../app/api/findings/route');
    const response = await GET(
      new NextRequest(`${base}/api/findings?${query}`, { headers: { host: '127.0.0.1:3000', ...(await authorizationAs('viewer')) } }),
      {
        params: Promise.resolve({}),
      },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  test("answers askFindings' findings and notEvaluated, nothing else", async () => {
    const sent = await answerOf(get('source=risky&rule=k8s.secrets-read&rule=k8s.missing-service-account'));
    assert.equal(sent.status, 200);
    assert.deepEqual(Object.keys(sent.body), ['findings', 'notEvaluated']);
    const asked = await askFindings(store, { source: 'risky', rules: ['k8s.secrets-read', 'k8s.missing-service-account'] });
    assert.deepEqual(sent.body, JSON.parse(JSON.stringify({ findings: asked.findings, notEvaluated: asked.notEvaluated })));
  });

  test('refusals in the one envelope with their code’s status and param', async () => {
    const cases: [string, number, string, string][] = [
      ['source=risky&minSeverity=severe', 400, 'invalid', 'minSeverity'],
      ['source=risky&rule=k8s.nope', 400, 'invalid', 'rule'],
      ['', 400, 'invalid', 'source'],
      ['source=nope', 404, 'not-found', 'source'],
    ];
    for (const [query, status, code, param] of cases) {
      const sent = await answerOf(get(query));
      assert.equal(sent.status, status, query);
      assert.deepEqual({ code: sent.body.error?.code, param: sent.body.error?.param }, { code, param }, query);
    }
  });
});
