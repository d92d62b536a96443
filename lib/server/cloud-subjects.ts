import 'server-only';
// Read models of a cloud account's principals for the Subjects list and the Subject page: the
// decoded bodies (access keys, login, trust policy) next to the built CloudAccount, the engine's
// admin verdicts (lib/core/ram/account/admin.ts: admin, or admin only under conditions), the
// console-login-without-MFA indicator (lib/core/ram/console-mfa.ts), and the links to clusters
// (ACK UID bindings, RRSA/IRSA service accounts). Access key secrets are never stored.
import { cloudAdmins, type AdminGrant, type CloudAccount, type CloudAdmin } from '../core/ram/account';
import type { CloudObject, CloudObjects } from '../core/ram/decode-bodies';
import type { CloudGroupBody, CloudRoleBody, CloudUserBody, PolicyAttachment } from '../core/ram/model';
import { noMfaWithLogin } from '../core/ram/console-mfa';
import type { Source, SnapshotSummary } from '../core/snapshot/types';
import { openTrustFindings, type AckSubjectLink, type OpenTrustFinding, type WorkloadRoleLink } from '../core/links';
import type { Store } from '../store';
import { loadCloudAccount, loadClusterLinks, loadLinkedWorkloads, resolveCloudSnapshot } from './cloud-account-index';
import { single, type PageParams } from './page-snapshot';
import { SnapshotUnavailableError } from './snapshot-index';

// The pages (components/cloud) import the indicator from here.
export { noMfaWithLogin };

export type CloudKindName = 'CloudUser' | 'CloudGroup' | 'CloudRole';

export interface CloudPage {
  source: Source;
  snapshot: SnapshotSummary;
  account: CloudAccount;
  /** The snapshot's bodies, decoded once (lib/core/ram/decode-bodies.ts). */
  cloud: CloudObjects;
  /** `CloudUser/name` / `CloudRole/name` → the policies that make it admin (with the group they come through). */
  admins: Map<string, AdminGrant[]>;
  /** `CloudUser/name` / `CloudRole/name` → its verdict when it is admin only under conditions. */
  conditionalAdmins: Map<string, CloudAdmin>;
}

export type CloudPageResult = { ok: true; page: CloudPage } | { ok: false; param: string; error: string };

/** Admin verdicts per built account: the account is cached per snapshot, so are its verdicts. */
const adminsByAccount = new WeakMap<CloudAccount, ReturnType<typeof cloudAdmins>>();

function adminsOf(account: CloudAccount): ReturnType<typeof cloudAdmins> {
  let verdicts = adminsByAccount.get(account);
  if (!verdicts) {
    verdicts = cloudAdmins(account);
    adminsByAccount.set(account, verdicts);
  }
  return verdicts;
}

/** The page model of a decoded snapshot and the account built from it. */
export function cloudPageOf(source: Source, snapshot: SnapshotSummary, cloud: CloudObjects, account: CloudAccount): CloudPage {
  const { admins, conditional } = adminsOf(account);
  return {
    source,
    snapshot,
    account,
    cloud,
    admins: new Map(admins.map((a) => [`${a.kind}/${a.name}`, a.grants])),
    conditionalAdmins: new Map(conditional.map((a) => [`${a.kind}/${a.name}`, a])),
  };
}

/** The cloud-account snapshot a page shows, or an error naming the parameter. */
export async function loadCloudPage(store: Store, source: Source, snapshotId?: number): Promise<CloudPageResult> {
  try {
    const snapshot = await resolveCloudSnapshot(store, source.name, snapshotId);
    const { account, objects } = await loadCloudAccount(store, snapshot);
    return { ok: true, page: cloudPageOf(source, snapshot, objects, account) };
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
  /** Admin by the engine's probes (lib/core/ram/account/admin.ts). */
  admin: boolean;
  /** Admin only under conditions the probes leave open: neither admin nor not. */
  conditionalAdmin: boolean;
  /** Users with a console login and no MFA device. */
  noMfa: boolean;
}

function find<K extends CloudKindName>(list: readonly CloudObject<K>[], name: string): CloudObject<K> | undefined {
  return list.find((o) => o.name === name);
}

function row(
  page: CloudPage,
  o: CloudObject<CloudKindName>,
  policies: { attachedPolicies: unknown[]; inlinePolicies?: unknown[] },
  related: number,
  user?: CloudUserBody,
): CloudPrincipalRow {
  const key = `${o.kind}/${o.name}`;
  return {
    kind: o.kind,
    name: o.name,
    policies: policies.attachedPolicies.length + (policies.inlinePolicies?.length ?? 0),
    related,
    admin: page.admins.has(key),
    conditionalAdmin: page.conditionalAdmins.has(key),
    noMfa: user !== undefined && noMfaWithLogin(user),
  };
}

export function listCloudPrincipals(page: CloudPage): CloudPrincipalRow[] {
  const rows: CloudPrincipalRow[] = [
    ...page.cloud.users.map((o) => row(page, o, o.body, o.body.groups.length, o.body)),
    ...page.cloud.groups.map((o) => row(page, o, o.body, page.account.members.get(o.name)?.length ?? 0)),
    ...page.cloud.roles.map((o) => row(page, o, o.body, 0)),
  ];
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
  /** The policies that make it admin (empty when it is not). */
  admin: AdminGrant[];
  /** Its verdict when it is admin only under conditions, with the conditions that decide. */
  conditionalAdmin: CloudAdmin | null;
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
  const user = kind === 'CloudUser' ? find(page.cloud.users, name)?.body : undefined;
  const group = kind === 'CloudGroup' ? find(page.cloud.groups, name)?.body : undefined;
  const role = kind === 'CloudRole' ? find(page.cloud.roles, name)?.body : undefined;
  const body: CloudUserBody | CloudGroupBody | CloudRoleBody | undefined = user ?? group ?? role;
  if (!body) return null;
  const notices: string[] = [];
  const attachments: HeldAttachment[] = [...body.attachedPolicies];
  for (const g of user?.groups ?? []) {
    for (const a of find(page.cloud.groups, g)?.body.attachedPolicies ?? []) attachments.push({ ...a, viaGroup: g });
  }
  const detail: CloudSubjectDetail = {
    kind,
    name,
    ...(user && { user }),
    ...(group && { group }),
    ...(role && { role }),
    attachments,
    members: kind === 'CloudGroup' ? [...(page.account.members.get(name) ?? [])] : [],
    admin: page.admins.get(`${kind}/${name}`) ?? [],
    conditionalAdmin: page.conditionalAdmins.get(`${kind}/${name}`) ?? null,
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
