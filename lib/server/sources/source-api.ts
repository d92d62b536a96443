import 'server-only';
// The sources API without Next: each function returns {status, body} for a route handler to send,
// or throws its refusal (a QuestionError, or an HttpError with an edge code), which the route
// wrapper answers in the error envelope. Bodies never carry credentials: a source's connection
// holds none, and credentials are only reported as present or not.
import { z } from 'zod';
import type { SnapshotSummary, Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { QuestionError } from '../questions/errors';
import { dashboardRefusal, describeConnection, isRunnable, runSnapshot } from '../run-snapshot';
import { sourceNameError } from '../../core/snapshot/source-name';
import { parseSetupForm, parseSourceName } from './setup-input';
import { createSource, testSetup } from './setup-source';
import { sourceNamed } from './source-named';
import { removeUploads } from './uploads';

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

export function sourceView(source: Source, hasCredentials: boolean) {
  return {
    id: source.id,
    name: source.name,
    kind: source.kind,
    connection: describeConnection(source),
    runnable: isRunnable(source),
    hasCredentials,
    createdAt: source.createdAt.toISOString(),
  };
}

export async function createSourceAnswer(store: Store, form: FormData): Promise<ApiAnswer> {
  const name = parseSourceName(form);
  const source = await createSource(store, name, await parseSetupForm(form));
  const hasCredentials = (await store.credentials.get(source.id)) !== null;
  let snapshot: SnapshotSummary | undefined;
  if (form.get('snapshot') === '1') snapshot = await runSnapshot(store, source, { trigger: 'manual' });
  return { status: 201, body: { ok: true, source: sourceView(source, hasCredentials), ...(snapshot ? { snapshot } : {}) } };
}

export async function testConnectionAnswer(form: FormData): Promise<ApiAnswer> {
  return { status: 200, body: await testSetup(await parseSetupForm(form)) };
}

const limitSchema = z.coerce.number().int().min(1).max(500);

/** `?limit=N` of the source and snapshot lists: 1 to 500, `fallback` when absent, else `invalid` naming the param. */
export function parseSnapshotLimit(raw: string | null, fallback = 50): number {
  if (raw === null) return fallback;
  const limit = limitSchema.safeParse(raw);
  if (!limit.success) throw new QuestionError('invalid', 'limit', 'limit must be a whole number from 1 to 500');
  return limit.data;
}

export async function getSourceAnswer(store: Store, name: string, limit: number): Promise<ApiAnswer> {
  const source = await sourceNamed(store, name);
  const [snapshots, sealed] = await Promise.all([store.listSnapshots(source.id, { limit }), store.credentials.get(source.id)]);
  return { status: 200, body: { ok: true, source: sourceView(source, sealed !== null), snapshots } };
}

export async function deleteSourceAnswer(store: Store, name: string): Promise<ApiAnswer> {
  if (!(await store.deleteSource(name))) throw new QuestionError('not-found', 'name', `no source named "${name}"`);
  await removeUploads(name);
  return { status: 200, body: { ok: true, deleted: name } };
}

export async function listSnapshotsAnswer(store: Store, name: string, limit: number): Promise<ApiAnswer> {
  const source = await sourceNamed(store, name);
  return { status: 200, body: { ok: true, snapshots: await store.listSnapshots(source.id, { limit }) } };
}

/** "Snapshot now": 201 with the snapshot (failed ones too: the failure is recorded and shown). */
export async function snapshotNowAnswer(store: Store, name: string): Promise<ApiAnswer> {
  const source = await sourceNamed(store, name);
  // A source the CLI made from the operator's own kubeconfig is not the dashboard's to run: say so
  // and record nothing, rather than adding a failed snapshot to its history on every click.
  const refusal = dashboardRefusal(source);
  if (refusal !== null) throw new QuestionError('conflict', 'name', refusal);
  // A source stored before the name rule (lib/core/snapshot/source-name.ts) is not run, as on the scheduler.
  const badName = sourceNameError(source.name, 'source');
  if (badName !== null) throw new QuestionError('conflict', 'name', `${badName}; add the source again under a valid name`);
  const snapshot = await runSnapshot(store, source, { trigger: 'manual' });
  return { status: 201, body: { ok: true, snapshot } };
}
