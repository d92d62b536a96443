// Two `access-atlas scheduler --once` processes started together on one database (a SQLite file,
// and PostgreSQL when ACCESS_ATLAS_TEST_PG_URL is set) take one real snapshot of a due source
// between them: the lease works across processes, not only across objects of one process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { openStore } from '../../../store';
import { postgresTestDatabase, sqliteTestDatabase, type TestDatabase } from '../../../store/__tests__/test-databases';
import { schedulerPgUrl } from './pg-url';

const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..');
const BIN = join(ROOT, 'bin', 'access-atlas.mjs');
const FIXTURE = join(ROOT, 'fixtures', 'k8s-bootstrap', 'cluster-roles.yaml');

interface Report {
  ran: { source: string; outcome: string }[];
  errors: string[];
}

function schedulerOnce(url: string): Promise<{ code: number | null; report: Report; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, ACCESS_ATLAS_TEST: '1' };
  const child = spawn(BIN, ['scheduler', '--once', '-o', 'json'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolvePromise) =>
    child.on('close', (code) => resolvePromise({ code, report: JSON.parse(stdout || '{"ran":[],"errors":[]}') as Report, stderr })),
  );
}

async function twoProcessesOneSnapshot(db: TestDatabase): Promise<void> {
  const store = await openStore({ databaseUrl: db.url });
  try {
    const source = await store.ensureSource({ name: 'bootstrap', kind: 'cluster', connection: { type: 'files', paths: [FIXTURE] } });
    await store.schedules.set(source.id, { cron: '0 */6 * * *', enabled: true, nextRunAt: new Date(Date.now() - 60_000) });
  } finally {
    await store.close();
  }
  const results = await Promise.all([schedulerOnce(db.url), schedulerOnce(db.url)]);
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  const ran = results.flatMap((r) => r.report.ran);
  assert.deepEqual(
    ran.map((r) => [r.source, r.outcome]),
    [['bootstrap', 'complete']],
  );
  const after = await openStore({ databaseUrl: db.url });
  try {
    const source = await after.getSource('bootstrap');
    assert.ok(source);
    const snapshots = await after.listSnapshots(source.id);
    assert.deepEqual(
      snapshots.map((s) => s.status),
      ['complete'],
    );
    assert.match(snapshots[0]?.origin ?? '', /^scheduled: /);
    const schedule = await after.schedules.get(source.id);
    assert.equal(schedule?.leaseOwner, null);
    assert.ok((schedule?.nextRunAt?.getTime() ?? 0) > Date.now(), 'the next run is planned in the future');
  } finally {
    await after.close();
  }
}

test('two scheduler processes on one SQLite file take one snapshot of a due source', async () => {
  const db = sqliteTestDatabase();
  try {
    await twoProcessesOneSnapshot(db);
  } finally {
    await db.drop();
  }
});

const pgUrl = schedulerPgUrl();
test(
  'two scheduler processes on one PostgreSQL database take one snapshot of a due source',
  {
    skip: pgUrl ? false : 'ACCESS_ATLAS_TEST_PG_URL is not set, so the two-process scheduler test did not run on PostgreSQL',
  },
  async () => {
    const db = await postgresTestDatabase(pgUrl ?? '');
    try {
      await twoProcessesOneSnapshot(db);
    } finally {
      await db.drop();
    }
  },
);
