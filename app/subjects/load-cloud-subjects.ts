import 'server-only';
// What the Subjects page of a cloud-account source shows, read here next to the page so that
// components/cloud renders only what it is handed (components never call the store).
import type { SnapshotSummary } from '../../lib/core/snapshot/types';
import { listCloudPrincipals, loadCloudPageFromParams, type CloudPrincipalRow } from '../../lib/server/cloud-subjects';
import { single, type PageParams } from '../../lib/server/page-snapshot';
import { pageStore } from '../../lib/server/auth/page-access';

export type CloudSubjectsLoad =
  | { ok: true; props: { source: string; snapshot: SnapshotSummary; rows: CloudPrincipalRow[]; q: string } }
  | { ok: false; param: string; error: string };

/** The principals of the cloud-account snapshot the page's parameters name, with the name filter `q`; or the parameter at fault. */
export async function loadCloudSubjects(params: PageParams): Promise<CloudSubjectsLoad> {
  const q = single(params, 'q');
  if ('error' in q) return { ok: false, param: 'q', error: q.error };
  const loaded = await loadCloudPageFromParams(await pageStore(), params);
  if (!loaded.ok) return loaded;
  const { page } = loaded;
  return { ok: true, props: { source: page.source.name, snapshot: page.snapshot, rows: listCloudPrincipals(page), q: q.value ?? '' } };
}
