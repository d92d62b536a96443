import 'server-only';
// What the Subject page of a cloud principal shows, read here next to the page so that
// components/cloud renders only what it is handed (components never call the store).
import type { CloudSubjectPageProps } from '../../components/cloud/cloud-subject-page';
import { cloudSubjectDetail, loadCloudPageFromParams, noMfaWithLogin, type CloudKindName } from '../../lib/server/cloud-subjects';
import type { PageParams } from '../../lib/server/page-snapshot';
import { pageStore } from '../../lib/server/auth/page-access';

export type CloudSubjectLoad = { ok: true; props: CloudSubjectPageProps } | { ok: false; param: string; error: string };

/** The principal `kind`/`name` in the cloud-account snapshot the page's parameters name, or the parameter at fault. */
export async function loadCloudSubject(params: PageParams, kind: CloudKindName, name: string): Promise<CloudSubjectLoad> {
  const store = await pageStore();
  const loaded = await loadCloudPageFromParams(store, params);
  if (!loaded.ok) return loaded;
  const { page } = loaded;
  const detail = await cloudSubjectDetail(store, page, kind, name);
  if (!detail) return { ok: false, param: 'name', error: `${page.source.name} has no ${kind} "${name}" in snapshot ${page.snapshot.id}` };
  const noMfa = detail.user !== undefined && noMfaWithLogin(detail.user);
  return { ok: true, props: { source: page.source.name, snapshot: page.snapshot, kind, name, detail, noMfa } };
}
