import 'server-only';
// The snapshot a dashboard page shows: `source` (default: the first source) and `snapshot`
// (default: the source's latest usable one), validated, loaded into the RBAC engine.
// Failures name the parameter, so a page can say exactly what was wrong with its URL.
import { z } from 'zod';
import type { Source } from '../core/snapshot/types';
import type { Store } from '../store';
import { assertAnswersRbac, loadSnapshotIndex, resolveSnapshot, SnapshotUnavailableError, type LoadedSnapshot } from './snapshot-index';

export type PageParams = Record<string, string | string[] | undefined>;

export type PageSnapshot =
  | { ok: true; source: Source; sources: Source[]; loaded: LoadedSnapshot }
  | { ok: false; status: 400 | 404 | 409; param: string; error: string; sources: Source[] };

const snapshotIdSchema = z.string().regex(/^[1-9][0-9]{0,15}$/, 'snapshot must be a snapshot id (a positive whole number)');

/** One value of a search param: a repeated param is an error rather than a silent pick. */
export function single(params: PageParams, key: string): { value: string | undefined } | { error: string } {
  const raw = params[key];
  if (Array.isArray(raw)) return { error: `${key} is given more than once` };
  return { value: raw === undefined || raw === '' ? undefined : raw };
}

export async function loadPageSnapshot(store: Store, params: PageParams): Promise<PageSnapshot> {
  const sources = await store.listSources();
  const sourceParam = single(params, 'source');
  if ('error' in sourceParam) return { ok: false, status: 400, param: 'source', error: sourceParam.error, sources };
  const snapshotParam = single(params, 'snapshot');
  if ('error' in snapshotParam) return { ok: false, status: 400, param: 'snapshot', error: snapshotParam.error, sources };
  const source =
    sourceParam.value === undefined ? sources.find((s) => s.kind === 'cluster') : sources.find((s) => s.name === sourceParam.value);
  if (!source) {
    const error = sourceParam.value === undefined ? 'there are no cluster sources yet' : `source "${sourceParam.value}" does not exist`;
    return { ok: false, status: 404, param: 'source', error, sources };
  }
  let snapshotId: number | undefined;
  if (snapshotParam.value !== undefined) {
    const parsed = snapshotIdSchema.safeParse(snapshotParam.value);
    if (!parsed.success)
      return { ok: false, status: 400, param: 'snapshot', error: parsed.error.issues[0]?.message ?? 'bad snapshot', sources };
    snapshotId = Number(parsed.data);
  }
  if (source.kind !== 'cluster') {
    return { ok: false, status: 409, param: 'source', error: `source "${source.name}" is a cloud account, not a cluster`, sources };
  }
  try {
    const snapshot = await resolveSnapshot(store, source.name, snapshotId);
    assertAnswersRbac(snapshot);
    return { ok: true, source, sources, loaded: await loadSnapshotIndex(store, snapshot) };
  } catch (error) {
    if (!(error instanceof SnapshotUnavailableError)) throw error;
    return { ok: false, status: snapshotId === undefined ? 404 : 409, param: 'snapshot', error: error.message, sources };
  }
}
