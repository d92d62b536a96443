import 'server-only';
// The sources API without Next: each function returns {status, body} for a route handler to send.
// Bodies never carry credentials: a source's connection holds none, and credentials are only
// reported as present or not.
import { z } from 'zod';
import type { SnapshotSummary, Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { dashboardRefusal, describeConnection, isRunnable, runSnapshot } from '../run-snapshot';
import { sourceNameError } from '../../core/snapshot/source-name';
import { parseSetupForm, parseSourceName } from './setup-input';
import { createSource, testSetup } from './setup-source';
import { removeUploads } from './uploads';

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

function notFound(name: string): ApiAnswer {
  return { status: 404, body: { ok: false, param: 'name', error: `no source named "${name}"` } };
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
  if (!name.ok) return { status: 400, body: { ok: false, param: name.field, error: name.error } };
  const input = await parseSetupForm(form);
  if (!input.ok) return { status: 400, body: { ok: false, param: input.field, error: input.error } };
  const created = await createSource(store, name.value, input.value);
  if (!created.ok) return { status: created.status, body: { ok: false, param: created.field, error: created.error } };
  const hasCredentials = (await store.credentials.get(created.source.id)) !== null;
  let snapshot: SnapshotSummary | undefined;
  if (form.get('snapshot') === '1') snapshot = await runSnapshot(store, created.source, { trigger: 'manual' });
  return { status: 201, body: { ok: true, source: sourceView(created.source, hasCredentials), ...(snapshot ? { snapshot } : {}) } };
}

export async function testConnectionAnswer(form: FormData): Promise<ApiAnswer> {
  const input = await parseSetupForm(form);
  if (!input.ok) return { status: 400, body: { ok: false, param: input.field, error: input.error } };
  const outcome = await testSetup(input.value);
  if (!outcome.ok) return { status: outcome.status, body: { ok: false, param: outcome.field, error: outcome.error } };
  return { status: 200, body: outcome };
}

const limitSchema = z.coerce.number().int().min(1).max(500).default(50);

/** `?limit=N` of the snapshot lists (default 50): the number, or the 400 answer naming the param. */
export function parseSnapshotLimit(raw: string | null): { ok: true; limit: number } | { ok: false; answer: ApiAnswer } {
  const limit = limitSchema.safeParse(raw ?? undefined);
  return limit.success
    ? { ok: true, limit: limit.data }
    : { ok: false, answer: { status: 400, body: { ok: false, param: 'limit', error: 'limit must be a whole number from 1 to 500' } } };
}

export async function getSourceAnswer(store: Store, name: string, limit: number): Promise<ApiAnswer> {
  const source = await store.getSource(name);
  if (!source) return notFound(name);
  const [snapshots, sealed] = await Promise.all([store.listSnapshots(source.id, { limit }), store.credentials.get(source.id)]);
  return { status: 200, body: { ok: true, source: sourceView(source, sealed !== null), snapshots } };
}

export async function deleteSourceAnswer(store: Store, name: string): Promise<ApiAnswer> {
  if (!(await store.deleteSource(name))) return notFound(name);
  await removeUploads(name);
  return { status: 200, body: { ok: true, deleted: name } };
}

export async function listSnapshotsAnswer(store: Store, name: string, limit: number): Promise<ApiAnswer> {
  const source = await store.getSource(name);
  if (!source) return notFound(name);
  return { status: 200, body: { ok: true, snapshots: await store.listSnapshots(source.id, { limit }) } };
}

/** "Snapshot now": 201 with the snapshot (failed ones too: the failure is recorded and shown). */
export async function snapshotNowAnswer(store: Store, name: string): Promise<ApiAnswer> {
  const source = await store.getSource(name);
  if (!source) return notFound(name);
  // A source the CLI made from the operator's own kubeconfig is not the dashboard's to run: say so
  // and record nothing, rather than adding a failed snapshot to its history on every click.
  const refusal = dashboardRefusal(source);
  if (refusal !== null) return { status: 409, body: { ok: false, param: 'name', error: refusal } };
  // A source stored before the name rule (lib/core/snapshot/source-name.ts) is not run, as on the scheduler.
  const badName = sourceNameError(source.name, 'source');
  if (badName !== null)
    return { status: 409, body: { ok: false, param: 'name', error: `${badName}; add the source again under a valid name` } };
  const snapshot = await runSnapshot(store, source, { trigger: 'manual' });
  return { status: 201, body: { ok: true, snapshot } };
}
