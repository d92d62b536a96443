import 'server-only';
// The snapshot a dashboard page shows: `source` (default: the first source) and `snapshot`
// (default: the source's latest usable one), validated, loaded into the RBAC engine.
// Failures name the parameter, so a page can say exactly what was wrong with its URL.
import type { Source } from '../core/snapshot/types';
import type { Store } from '../store';
import { QUESTION_ERROR_STATUS, QuestionError } from './questions/errors';
import { singleParam, snapshotIdParam } from './questions/params';
import { resolveQuestion } from './questions/resolve';
import { loadSnapshotIndex, type LoadedSnapshot } from './snapshot-index';

export type PageParams = Record<string, string | string[] | undefined>;

export type PageSnapshot =
  | { ok: true; source: Source; sources: Source[]; loaded: LoadedSnapshot }
  | { ok: false; status: number; param: string; error: string; sources: Source[] };

/** One value of a search param: a repeated param is an error rather than a silent pick. */
export function single(params: PageParams, key: string): { value: string | undefined } | { error: string } {
  try {
    return { value: singleParam(params, key) };
  } catch (error) {
    if (!(error instanceof QuestionError)) throw error;
    return { error: error.message };
  }
}

/** The cluster snapshot a page shows, resolved as every question is (lib/server/questions/resolve.ts). */
export async function loadPageSnapshot(store: Store, params: PageParams): Promise<PageSnapshot> {
  try {
    const source = singleParam(params, 'source');
    const snapshotId = snapshotIdParam(singleParam(params, 'snapshot'));
    const resolved = await resolveQuestion(store, { source, snapshotId, need: 'rbac', defaultSource: 'first' });
    return { ok: true, source: resolved.source, sources: resolved.sources, loaded: await loadSnapshotIndex(store, resolved.snapshot) };
  } catch (error) {
    if (!(error instanceof QuestionError)) throw error;
    const sources = await store.listSources();
    return { ok: false, status: QUESTION_ERROR_STATUS[error.code], param: error.param ?? 'query', error: error.message, sources };
  }
}
