// The review workflow on the demo cluster in a real SQLite store: the default period, the
// frozen changes (highest impact first) and findings (highest severity first), marks, sign-off,
// and the next review starting where the last ended; plus the drift specs (id, date, latest~N).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { severityRank } from '../core/findings/types';
import { openStore, type Store } from '../store';
import { seedDemo, DEMO_SOURCE_NAME } from './demo/demo-seed';
import { diffSource } from './drift';
import {
  countUnreviewedChangesBySource,
  defaultReviewPeriod,
  getReviewView,
  markChange,
  ReviewError,
  signOffReview,
  startReview,
} from './reviews';

const NOW = new Date('2026-11-25T12:00:00Z');

describe('reviews on the demo cluster', () => {
  let dir: string;
  let store: Store;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'access-atlas-reviews-'));
    store = await openStore({ databaseUrl: `file:${join(dir, 'db.sqlite')}` });
    await seedDemo(store, NOW);
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('drift specs: latest, latest~N, dates and ids', async () => {
    const d = await diffSource(store, DEMO_SOURCE_NAME, 'latest~3', 'latest');
    assert.equal(d.to.seq - d.from.seq, 3);
    const byDate = await diffSource(store, DEMO_SOURCE_NAME, '2026-11-11', '2026-11-18');
    assert.deepEqual([byDate.from.seq, byDate.to.seq], [2, 3]);
    const byId = await diffSource(store, DEMO_SOURCE_NAME, String(byDate.from.id), String(byDate.to.id));
    assert.deepEqual(byId.diff, byDate.diff);
    await assert.rejects(diffSource(store, DEMO_SOURCE_NAME, '2026-11-01', 'latest'), /no snapshot at or before the end of that day/);
    await assert.rejects(diffSource(store, DEMO_SOURCE_NAME, 'yesterday', 'latest'), /"yesterday" is not a snapshot/);
  });

  test('first review: the last 7 days; the operator made cluster-admin comes first', async () => {
    const period = await defaultReviewPeriod(store, DEMO_SOURCE_NAME, NOW);
    assert.deepEqual([period.from.seq, period.to.seq], [3, 4]);
    const review = await startReview(store, { sourceName: DEMO_SOURCE_NAME, from: 'latest~3', createdBy: 'rita' }, NOW);
    const view = await getReviewView(store, review.id);
    assert.ok(view);
    const top = view.changes.subjects.slice(0, 2).map((s) => s.label);
    assert.deepEqual(top, ['ServiceAccount ops-tools/legacy-backup-operator', 'Group oidc:sre']);
    const ci = view.changes.subjects.find((s) => s.label === 'ServiceAccount ci/deployer');
    assert.ok(ci?.items.some((i) => i.causes.includes('rule added to ClusterRole ci-deployer: get,list,watch secrets (core)')));
    assert.ok(view.changes.objects.some((o) => o.label === 'Namespace team-ml' && o.status === 'added'));

    const first = view.changes.subjects[0]?.items[0];
    assert.ok(first);
    await markChange(
      store,
      review.id,
      { changeKey: first.key, verdict: 'revert-requested', note: 'incident is over', markedBy: 'rita' },
      NOW,
    );
    await markChange(store, review.id, { changeKey: first.key, verdict: 'follow-up', note: 'ask ops', markedBy: 'rita' }, NOW);
    const marks = (await getReviewView(store, review.id))?.marks;
    assert.deepEqual(
      marks?.map((m) => [m.verdict, m.note]),
      [['follow-up', 'ask ops']],
    );
    await assert.rejects(markChange(store, review.id, { changeKey: 'nope', verdict: 'expected', note: '', markedBy: 'rita' }), ReviewError);
    await assert.rejects(
      markChange(store, review.id, { changeKey: first.key, verdict: 'expected', note: '', markedBy: ' ' }),
      /reviewer's name/,
    );

    const unreviewed = async () => (await countUnreviewedChangesBySource(store)).get(DEMO_SOURCE_NAME);
    assert.equal(await unreviewed(), view.total, 'weeks 1-4 are what no review covers yet');
    await signOffReview(store, review.id, 'rita', 'weeks 1-4 looked at', NOW);
    assert.equal(await unreviewed(), 0);
    await assert.rejects(
      markChange(store, review.id, { changeKey: first.key, verdict: 'expected', note: '', markedBy: 'rita' }),
      /signed off/,
    );
    await assert.rejects(signOffReview(store, review.id, 'rita', ''), /already signed off/);

    const next = await defaultReviewPeriod(store, DEMO_SOURCE_NAME, NOW);
    assert.equal(next.from.id, review.toSnapshotId);
    const after = await getReviewView(store, review.id);
    assert.deepEqual(after?.changes, view.changes, 'a past review reads the same');
  });

  test('a review freezes the findings gained and resolved over its period, highest severity first, without evidence', async () => {
    const review = await startReview(store, { sourceName: DEMO_SOURCE_NAME, from: 'latest~1', to: 'latest', createdBy: 'rita' }, NOW);
    const findings = (await getReviewView(store, review.id))?.changes.findings;
    assert.ok(findings, 'a new review records its findings');
    const row = (f: (typeof findings.gained)[number]) => `${f.severity} ${f.rule} ${f.subject?.kind} ${f.subject?.name} ${f.scope}`;
    // Week 4: the legacy operator is made cluster-admin; the sandbox's edit for everyone is cut back to view.
    assert.equal(
      row(findings.gained[0] as (typeof findings.gained)[number]),
      'critical k8s.cluster-admin-equivalent ServiceAccount legacy-backup-operator cluster',
    );
    assert.deepEqual(findings.resolved.map(row), [
      'high k8s.impersonate Group system:authenticated sandbox',
      'high k8s.pod-exec Group system:authenticated sandbox',
      'high k8s.sa-token-create Group system:authenticated sandbox',
      'high k8s.secrets-read Group system:authenticated sandbox',
      'high k8s.workload-create Group system:authenticated sandbox',
    ]);
    const ranks = findings.gained.map((f) => severityRank(f.severity));
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => b - a),
    );
    assert.ok(
      findings.gained.every((f) => !('evidence' in f)),
      'the review keeps what it shows; the findings page has the evidence',
    );
    assert.deepEqual(findings.notEvaluated, []);
    // Findings are shown, not marked: the review's changes to mark are the same as without them.
    const view = await getReviewView(store, review.id);
    assert.equal(view?.total, view ? view.changes.subjects.reduce((n, s) => n + s.items.length, 0) + view.changes.objects.length : -1);
  });

  test('each week of the demo gains a high or critical finding over the week before', async () => {
    for (const back of [3, 2, 1]) {
      const drift = await diffSource(store, DEMO_SOURCE_NAME, `latest~${back}`, `latest~${back - 1}`, NOW);
      const worst = drift.findings.gained[0];
      assert.ok(worst && severityRank(worst.severity) >= severityRank('high'), `latest~${back} -> latest~${back - 1}: ${worst?.rule}`);
    }
  });
});
