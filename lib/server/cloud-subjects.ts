import 'server-only';
// Read models of a cloud account's principals for the Subjects list and the Subject page: the
// stored bodies (access keys, login, trust policy) next to the built CloudAccount, the admin
// indicator of lib/core/headlines.ts (unconditioned Allow *:* attached account-wide), and the links
// to clusters (ACK UID bindings, RRSA/IRSA service accounts). Access key secrets are never stored.
import { cloudHeadlines } from '../core/headlines';
import type { CloudGroupBody, CloudRoleBody, CloudUserBody, PolicyAttachment } from '../core/ram/model';
import type { Source, SnapshotSummary, StoredObject } from '../core/snapshot/types';
import type { CloudAccount } from '../core/ram/account';
import { openTrustFindings, type AckSubjectLink, type OpenTrustFinding, type WorkloadRoleLink } from '../core/links';
import type { Store } from '../store';
import { loadCloudAccount, loadClusterLinks, loadLinkedWorkloads, resolveCloudSnapshot } from './cloud-account-index';
import { single, type PageParams } from './page-snapshot';
import { SnapshotUnavailableError } from './snapshot-index';

export type CloudKindName = 'CloudUser' | 'CloudGroup' | 'CloudRole';

export interface CloudPage {
  source: Source;
  snapshot: SnapshotSummary;
  account: CloudAccount;
  objects: StoredObject[];
  /** `CloudUser/name` / `CloudRole/name` → the admin policies (with the group they come through). */
  admins: Map<string, { policyType: string; policyName: string; viaGroup?: string }[]>;
}

export type CloudPageResult = { ok: true; page: CloudPage } | { ok: false; param: string; error: string };

/** The cloud-account snapshot a page shows, or an error naming the parameter. */
export async function loadCloudPage(store: Store, source: Source, snapshotId?: number): Promise<CloudPageResult> {
  try {
    const snapshot = await resolveCloudSnapshot(store, source.name, snapshotId);
    const { account } = await loadCloudAccount(store, snapshot);
    const objects = await store.readObjects(snapshot.id, ['CloudAccount', 'CloudUser', 'CloudGroup', 'CloudRole', 'CloudPolicy']);
    const admins = new Map(cloudHeadlines(objects).admins.map((a) => [`${a.kind}/${a.name}`, a.grants]));
    return { ok: true, page: { source, snapshot, account, objects, admins } };
  } catch (error) {
    if (!(error instanceof SnapshotUnavailableError)) throw error;
    return { ok: false, param: 'snapshot', error: error.message };
  }
}

export interface CloudPrincipalRow {
  kind: CloudKindName;
  name: string;
  policies: number;
  /** Users: groups; groups: members. */
  related: number;
  admin: boolean;
  /** Users with a console login and no MFA device. */
  noMfa: boolean;
}

function bodyOf<T>(page: CloudPage, kind: CloudKindName, name: string): T | undefined {
  // Bodies are written by our own collectors to the lib/core/ram/model.ts shapes.
  return page.objects.find((o) => o.kind === kind && o.name === name)?.body as T | undefined;
}

export function noMfaWithLogin(user: CloudUserBody): boolean {
  return user.credentialsReported !== false && user.loginProfile !== null && !user.mfaEnabled;
}

export function listCloudPrincipals(page: CloudPage): CloudPrincipalRow[] {
  const rows: CloudPrincipalRow[] = [];
  for (const o of page.objects) {
    if (o.kind !== 'CloudUser' && o.kind !== 'CloudGroup' && o.kind !== 'CloudRole') continue;
    const body = o.body as unknown as CloudUserBody | CloudGroupBody | CloudRoleBody;
    const policies = body.attachedPolicies.length + (body.inlinePolicies?.length ?? 0);
    const related =
      o.kind === 'CloudUser'
        ? (body as CloudUserBody).groups.length
        : o.kind === 'CloudGroup'
          ? (page.account.members.get(o.name)?.length ?? 0)
          : 0;
    rows.push({
      kind: o.kind,
      name: o.name,
      policies,
      related,
      admin: page.admins.has(`${o.kind}/${o.name}`),
      noMfa: o.kind === 'CloudUser' && noMfaWithLogin(body as CloudUserBody),
    });
  }
  const order: CloudKindName[] = ['CloudUser', 'CloudGroup', 'CloudRole'];
  return rows.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.name.localeCompare(b.name));
}

export interface HeldAttachment extends PolicyAttachment {
  viaGroup?: string;
}

export interface CloudSubjectDetail {
  kind: CloudKindName;
  name: string;
  user?: CloudUserBody;
  group?: CloudGroupBody;
  role?: CloudRoleBody;
  attachments: HeldAttachment[];
  members: string[];
  admin: { policyType: string; policyName: string; viaGroup?: string }[];
  /** Cluster bindings naming this user's UID / role's id (ACK), per linked cluster. */
  clusterBindings: (AckSubjectLink & { cluster: string })[];
  /** Service accounts that may act as this role (RRSA / IRSA). */
  workloads: WorkloadRoleLink[];
  /** Roles: trust statements any service account (or audience) could satisfy. */
  openTrust: OpenTrustFinding[];
  notices: string[];
}

async function ackBindingsOf(
  store: Store,
  page: CloudPage,
  kind: 'user' | 'role',
  name: string,
  notices: string[],
): Promise<CloudSubjectDetail['clusterBindings']> {
  const out: CloudSubjectDetail['clusterBindings'] = [];
  for (const link of await store.links.listForCloud(page.source.name)) {
    try {
      const links = await loadClusterLinks(store, link.clusterSource);
      for (const l of links?.ack.linked ?? [])
        if (l.identity.kind === kind && l.identity.name === name) out.push({ ...l, cluster: link.clusterSource });
    } catch (error) {
      if (!(error instanceof SnapshotUnavailableError)) throw error;
      notices.push(`linked cluster ${link.clusterSource} left out: ${error.message}`);
    }
  }
  return out;
}

/** The detail of one cloud principal, or null when the snapshot has no such principal. */
export async function cloudSubjectDetail(
  store: Store,
  page: CloudPage,
  kind: CloudKindName,
  name: string,
): Promise<CloudSubjectDetail | null> {
  const body = bodyOf<CloudUserBody & CloudGroupBody & CloudRoleBody>(page, kind, name);
  if (!body) return null;
  const notices: string[] = [];
  const attachments: HeldAttachment[] = [...body.attachedPolicies];
  if (kind === 'CloudUser') {
    for (const g of body.groups) {
      for (const a of bodyOf<CloudGroupBody>(page, 'CloudGroup', g)?.attachedPolicies ?? []) attachments.push({ ...a, viaGroup: g });
    }
  }
  const detail: CloudSubjectDetail = {
    kind,
    name,
    ...(kind === 'CloudUser' && { user: body }),
    ...(kind === 'CloudGroup' && { group: body }),
    ...(kind === 'CloudRole' && { role: body }),
    attachments,
    members: kind === 'CloudGroup' ? [...(page.account.members.get(name) ?? [])] : [],
    admin: page.admins.get(`${kind}/${name}`) ?? [],
    clusterBindings: [],
    workloads: [],
    openTrust: kind === 'CloudRole' ? openTrustFindings(page.account).filter((f) => f.role === name) : [],
    notices,
  };
  if (kind !== 'CloudGroup')
    detail.clusterBindings = await ackBindingsOf(store, page, kind === 'CloudUser' ? 'user' : 'role', name, notices);
  if (kind === 'CloudRole') {
    const linked = await loadLinkedWorkloads(store, page.source.name, page.account);
    detail.workloads = linked.workloads.filter((w) => w.role === name);
    notices.push(...linked.notices);
  }
  return detail;
}

export interface LinkedCloudIdentities {
  cloudSource: string;
  /** ACK: the RAM identity a User subject (UID) belongs to, per binding. */
  ack: AckSubjectLink[];
  orphaned: { binding: AckSubjectLink['binding']; reason: string }[];
  workloads: WorkloadRoleLink[];
  /** Roles whose trust policy any service account of the cluster could satisfy. */
  openTrustRoles: string[];
}

/** For a cluster subject page: the cloud identities linked to a User (ACK UID) or ServiceAccount (RRSA/IRSA). */
export async function linkedCloudIdentities(
  store: Store,
  clusterSource: string,
  who: { kind: string; name: string; namespace?: string },
): Promise<LinkedCloudIdentities | null> {
  const link = await store.links.getForCluster(clusterSource);
  if (!link) return null;
  let links;
  try {
    links = await loadClusterLinks(store, clusterSource);
  } catch (error) {
    if (!(error instanceof SnapshotUnavailableError)) throw error;
    return null;
  }
  if (!links) return null;
  return {
    cloudSource: link.cloudSource,
    ack: who.kind === 'User' ? links.ack.linked.filter((l) => l.subject === who.name) : [],
    orphaned:
      who.kind === 'User'
        ? links.ack.orphaned.filter((o) => o.subject === who.name).map(({ binding, reason }) => ({ binding, reason }))
        : [],
    workloads:
      who.kind === 'ServiceAccount' ? links.workloads.filter((w) => w.namespace === who.namespace && w.serviceAccount === who.name) : [],
    openTrustRoles: [...new Set(links.openTrust.map((f) => f.role))],
  };
}

/** `source` (must name a cloud account) and optional `snapshot` of a page URL, loaded. */
export async function loadCloudPageFromParams(store: Store, params: PageParams): Promise<CloudPageResult> {
  const sourceParam = single(params, 'source');
  if ('error' in sourceParam) return { ok: false, param: 'source', error: sourceParam.error };
  const sources = await store.listSources();
  const source =
    sourceParam.value === undefined ? sources.find((s) => s.kind === 'cloud-account') : sources.find((s) => s.name === sourceParam.value);
  if (!source)
    return {
      ok: false,
      param: 'source',
      error: sourceParam.value === undefined ? 'there are no cloud-account sources yet' : `source "${sourceParam.value}" does not exist`,
    };
  if (source.kind !== 'cloud-account')
    return { ok: false, param: 'source', error: `source "${source.name}" is a ${source.kind}, not a cloud account` };
  const snapshotParam = single(params, 'snapshot');
  if ('error' in snapshotParam) return { ok: false, param: 'snapshot', error: snapshotParam.error };
  if (snapshotParam.value !== undefined && !/^[1-9][0-9]{0,15}$/.test(snapshotParam.value)) {
    return { ok: false, param: 'snapshot', error: 'snapshot must be a snapshot id (a positive whole number)' };
  }
  return loadCloudPage(store, source, snapshotParam.value === undefined ? undefined : Number(snapshotParam.value));
}
