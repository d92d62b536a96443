import 'server-only';
// Store behaviour that needs other processes: a crash mid-snapshot, and two processes
// finishing snapshots of one source at the same moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Store } from '../index';
import { openStore } from '../index';
import { manyRoles, role, sorted } from './objects';
import type { ChildArgs } from './snapshot-child';
import type { TestDatabase } from './test-databases';

const CHILD = join(import.meta.dirname, 'snapshot-child.ts');

interface Child {
  /** Resolves with each JSON line the child prints, in order. */
  next(): Promise<Record<string, unknown>>;
  go(): void;
  exit: Promise<number | null>;
}

function startChild(args: ChildArgs): Child {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', CHILD, JSON.stringify(args)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    async next() {
      const line = await lines.next();
      if (line.done) throw new Error(`child ${child.pid} ended without output`);
      return JSON.parse(line.value) as Record<string, unknown>;
    },
    go: () => child.stdin.write('go\n'),
    exit,
  };
}

export function defineProcessTests(context: () => { db: TestDatabase; store: Store }): void {
  // Issue 9, point 10: it used to show as running until some process opened the store again;
  // a long-lived reader (the dashboard) now sees it failed as soon as it reads it.
  test('a snapshot left running by a crashed process is failed when an open store reads it', async () => {
    const { db, store } = context();
    const child = startChild({ url: db.url, source: 'crashy', mode: 'crash' });
    const { started } = await child.next();
    await child.exit;
    assert.equal(typeof started, 'number');
    const listed = await store.listSnapshots((await store.getSource('crashy'))?.id ?? -1);
    assert.deepEqual(
      listed.map((s) => [s.id, s.status]),
      [[Number(started), 'failed']],
    );
    const snapshot = await store.getSnapshot(Number(started));
    assert.equal(snapshot?.status, 'failed');
    assert.match(snapshot?.error ?? '', /^interrupted:/);
  });

  test('a crashed snapshot read by id alone is failed too', async () => {
    const { db, store } = context();
    const child = startChild({ url: db.url, source: 'crashy-by-id', mode: 'crash' });
    const { started } = await child.next();
    await child.exit;
    const snapshot = await store.getSnapshot(Number(started));
    assert.equal(snapshot?.status, 'failed');
    assert.match(snapshot?.error ?? '', /^interrupted: the process taking this snapshot ended/);
  });

  test("opening the store does not fail a live process's running snapshot; close() fails its own", async () => {
    const { db, store } = context();
    const source = await store.ensureSource({ name: 'live', kind: 'cluster' });
    const running = await store.startSnapshot(source.id, 'live run');
    const other = await openStore({ databaseUrl: db.url });
    const closing = await other.startSnapshot(source.id, 'abandoned by close');
    await other.close();
    assert.equal((await store.getSnapshot(running.id))?.status, 'running');
    assert.match((await store.getSnapshot(closing.id))?.error ?? '', /store was closed/);
    const finished = await store.finishSnapshot(running.id, { objects: [role('ns', 'r')], missingKinds: [], warnings: [], origin: 'live' });
    assert.equal(finished.status, 'complete');
  });

  test('two processes finishing snapshots of one source at once are serialized', async () => {
    const { db, store } = context();
    const [a, b] = [0, 1].map((variant) => startChild({ url: db.url, source: 'race', mode: 'finish', roles: 400, variant }));
    if (!a || !b) throw new Error('children not started');
    await Promise.all([a.next(), b.next()]);
    a.go();
    b.go();
    const [ra, rb] = await Promise.all([a.next(), b.next()]);
    assert.deepEqual(await Promise.all([a.exit, b.exit]), [0, 0]);
    assert.deepEqual([Number(ra.seq), Number(rb.seq)].sort(), [1, 2]);
    const expected = (variant: number) =>
      manyRoles(400).map((o, i) => (i % 7 === variant ? role(o.namespace, o.name, ['get', `v${variant}`]) : o));
    assert.deepEqual(await store.readObjects(Number(ra.finished)), sorted(expected(0)));
    assert.deepEqual(await store.readObjects(Number(rb.finished)), sorted(expected(1)));
    const sourceId = (await store.getSource('race'))?.id;
    assert.equal(await db.count('object_version', `"to_seq" IS NULL AND "source_id" = ${sourceId}`), 400);
  });
}
