import 'server-only';
// The collector table: for each way a source reaches its data (its connection type), what kind
// of source it is, how it is described, and which collector reads it with which arguments. Both
// runSnapshot (run-snapshot.ts) and "Test connection" (sources/setup-source.ts) plan through this
// table, so a test reads what the snapshot will store, with the same checks on the way:
// - a kubeconfig that came through the dashboard is data: checked by
//   lib/collect/kube/kubeconfig-policy.ts, loaded only from its checked copy, and its server held
//   to the outbound-address rule (lib/collect/net/target-guard.ts);
// - a kubeconfig on a server path is the dashboard's only inside ACCESS_ATLAS_KUBECONFIG_DIR
//   (lib/collect/kube/kubeconfig-dir.ts); any other is the operator's, run only by the CLI.
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { z } from 'zod';
import { KUBECONFIG_DIR_VARIABLE, isUnderKubeconfigDir, readKubeconfigFromDir } from '../collect/kube/kubeconfig-dir';
import type { KubeTarget } from '../collect/kube/kube-client';
import { checkKubeconfigAsData } from '../collect/kube/kubeconfig-policy';
import { AllowedTargetsError, targetPolicyFromEnv, type TargetPolicy } from '../collect/net/target-guard';
import type { CollectError, CollectResult, SourceKind } from '../core/snapshot/types';
import { dataDirectory } from './secret-box';
import type { SourceCredentials } from './source-credentials';

/**
 * Who starts a snapshot. The dashboard server (its scheduler, "Snapshot now", Add source, Test
 * connection) runs kubeconfigs only as data; the operator's CLI (`snapshot`, `scheduler`) runs the
 * operator's own kubeconfig as kubectl would, exec plugins included.
 */
export type Runner = 'dashboard' | 'operator';

const paths = z.array(z.string().min(1)).min(1);

/**
 * Where a source's snapshots come from. `kubeconfig`, `in-cluster` and `files` are what
 * `access-atlas snapshot` stores; `uploaded-kubeconfig` reads the kubeconfig from the source's
 * sealed credential; the cloud types read a RAM/IAM account live or from exported JSON files.
 */
export const sourceConnectionSchema = z.discriminatedUnion('type', [
  // asData: the dashboard added it (from ACCESS_ATLAS_KUBECONFIG_DIR), so whoever runs it reads it as data.
  z.object({
    type: z.literal('kubeconfig'),
    path: z.string().min(1),
    context: z.string().min(1).optional(),
    asData: z.literal(true).optional(),
  }),
  z.object({ type: z.literal('in-cluster') }),
  z.object({ type: z.literal('files'), paths }),
  z.object({ type: z.literal('uploaded-kubeconfig'), context: z.string().min(1).optional() }),
  z.object({ type: z.literal('ram-live'), regionId: z.string().min(1).optional() }),
  z.object({ type: z.literal('ram-files'), paths }),
  z.object({ type: z.literal('aws-files'), paths }),
]);
export type SourceConnection = z.infer<typeof sourceConnectionSchema>;
type ConnectionType = SourceConnection['type'];
type ConnectionOf<T extends ConnectionType> = Extract<SourceConnection, { type: T }>;

type RamAccessKey = Extract<SourceCredentials, { kind: 'ram-access-key' }>;

/** The collectors a plan names; tests replace them. */
export interface Collectors {
  cluster(opts: KubeTarget): Promise<CollectResult>;
  files(paths: string[]): Promise<CollectResult>;
  /** `ackClusterIds`: the ACK clusters linked to the account, whose kubeconfig inventories are read with it. */
  ramLive(credentials: RamAccessKey, regionId: string | undefined, ackClusterIds: readonly string[]): Promise<CollectResult>;
  ramFiles(paths: string[]): Promise<CollectResult>;
  awsFiles(paths: string[]): Promise<CollectResult>;
}

export const defaultCollectors: Collectors = {
  cluster: async (opts) => (await import('../collect/kube')).collectFromCluster(opts),
  files: async (paths) => (await import('../collect/files')).collectFromFiles(paths),
  ramLive: async (credentials, regionId, ackClusterIds) =>
    (await import('../collect/ram')).collectFromRamAccount({ credential: await ramCredential(credentials), regionId, ackClusterIds }),
  ramFiles: async (paths) => (await import('../collect/ram')).collectFromRamFiles(paths),
  awsFiles: async (paths) => (await import('../collect/aws')).collectFromAwsAuthorizationDetails(paths),
};

/** The stored AccessKey as the SDK's credential: an STS token when one is stored, else a plain AccessKey. */
async function ramCredential(key: RamAccessKey) {
  const [{ Credential }, { Config }] = await Promise.all([import('../collect/ram/sdk-classes'), import('@alicloud/credentials')]);
  const config = key.securityToken
    ? new Config({ type: 'sts', accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, securityToken: key.securityToken })
    : new Config({ type: 'access_key', accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret });
  return new Credential(config);
}

/** Which collector reads a connection, with its arguments: what a plan comes to once every check has passed. */
export type CollectorCall =
  | { collector: 'cluster'; target: KubeTarget }
  | { collector: 'files' | 'ramFiles' | 'awsFiles'; paths: string[] }
  | { collector: 'ramLive'; credentials: RamAccessKey; regionId: string | undefined; ackClusterIds: string[] };

export type Plan = { ok: true; call: CollectorCall } | { ok: false; error: CollectError };

export interface PlanContext {
  /** Named in messages ("source NAME: ..."). */
  sourceName: string;
  runner: Runner;
  /** The source's sealed credentials; read only by the connection types that have them. */
  readCredentials(): Promise<SourceCredentials | null>;
  /** Credential strings met while planning, for the caller to scrub from whatever it reports. */
  secrets: string[];
  /**
   * The cluster references of the sources linked to this cloud account (lib/store/source-links.ts):
   * a live RAM snapshot reads the kubeconfig inventory of each linked ACK cluster. Absent (a source
   * being set up has no links yet): none.
   */
  linkedClusterRefs?: () => Promise<string[]>;
}

/** ACK cluster ids among a cloud account's link references (the others are EKS OIDC issuer URLs). */
export function ackClusterIdsOf(refs: readonly string[]): string[] {
  return [...new Set(refs.filter((ref) => !/^https?:\/\//.test(ref)))].sort();
}

function badConfig(message: string): { ok: false; error: CollectError } {
  return { ok: false, error: { code: 'bad-config', message } };
}

/** The outbound-address rule for servers a dashboard user chose (ACCESS_ATLAS_ALLOWED_TARGETS). */
function dashboardTargets(): { ok: true; policy: TargetPolicy } | { ok: false; error: CollectError } {
  try {
    return { ok: true, policy: targetPolicyFromEnv() };
  } catch (error) {
    if (error instanceof AllowedTargetsError) return badConfig(error.message);
    throw error;
  }
}

/**
 * Why the dashboard does not run a kubeconfig on a server path, or null when it does. Such a
 * kubeconfig may run programs, so the dashboard runs one only from ACCESS_ATLAS_KUBECONFIG_DIR, as
 * data. This is the path as written; the plan itself checks where it resolves (symlinks followed).
 */
export function kubeconfigPathRefusal(
  sourceName: string,
  path: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | null {
  if (isUnderKubeconfigDir(path, env)) return null;
  return (
    `source ${sourceName} uses the kubeconfig ${path} on the server, which may run programs (exec plugins); ` +
    `the dashboard runs only kubeconfigs in ${KUBECONFIG_DIR_VARIABLE}, so this source is snapshotted only by the CLI ` +
    `(access-atlas snapshot --source ${sourceName} --kubeconfig PATH, or access-atlas scheduler)`
  );
}

/** A kubeconfig that came through the dashboard: checked as data, then loaded from its checked copy only, every connection guarded. */
function planKubeconfigData(ctx: PlanContext, kubeconfig: string, context: string | undefined): Plan {
  const checked = checkKubeconfigAsData(kubeconfig);
  if (!checked.ok) return badConfig(`source ${ctx.sourceName}: ${checked.message}`);
  ctx.secrets.push(...checked.secrets);
  const targets = dashboardTargets();
  if (!targets.ok) return targets;
  return { ok: true, call: { collector: 'cluster', target: { kubeconfigData: kubeconfig, context, restrictTargets: targets.policy } } };
}

/** A kubeconfig on a server path: the operator's own runs as kubectl would; the dashboard reads one only from its folder, as data. */
async function planKubeconfigPath(ctx: PlanContext, c: ConnectionOf<'kubeconfig'>): Promise<Plan> {
  if (ctx.runner === 'operator') {
    // A file under the data directory was uploaded through the dashboard (a dump that is also a
    // kubeconfig, named by a kubeconfig-path source made before asData existed): data, not the operator's.
    if (c.asData !== true && !(await isUploadedFile(c.path)))
      return { ok: true, call: { collector: 'cluster', target: { kubeconfigPath: c.path, context: c.context } } };
    let text: string;
    try {
      text = await readFile(c.path, 'utf8');
    } catch {
      return badConfig(`source ${ctx.sourceName}: kubeconfig ${c.path} is not readable`);
    }
    return planKubeconfigData(ctx, text, c.context);
  }
  const refusal = kubeconfigPathRefusal(ctx.sourceName, c.path);
  if (refusal !== null) return badConfig(refusal);
  const read = await readKubeconfigFromDir(c.path);
  if (!read.ok) return badConfig(`source ${ctx.sourceName}: ${read.message}`);
  return planKubeconfigData(ctx, read.kubeconfig, c.context);
}

/** Whether `path` resolves to a file inside the data directory, where only the dashboard's uploads live. */
async function isUploadedFile(path: string): Promise<boolean> {
  try {
    const [file, data] = await Promise.all([realpath(path), realpath(dataDirectory())]);
    const rel = relative(data, file);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  } catch {
    // No data directory yet, or no such file: the collector reports the missing file itself.
    return false;
  }
}

interface ConnectionEntry<T extends ConnectionType> {
  kind: SourceKind;
  /** Where the data comes from, for people; never a credential. */
  describe(c: ConnectionOf<T>): string;
  plan(ctx: PlanContext, c: ConnectionOf<T>): Plan | Promise<Plan>;
}

const withContext = (context: string | undefined) => (context ? ` context ${context}` : '');

/** The table. */
const CONNECTIONS: { [T in ConnectionType]: ConnectionEntry<T> } = {
  kubeconfig: {
    kind: 'cluster',
    describe: (c) => `kubeconfig ${c.path}${withContext(c.context)}${c.asData ? ' (read as data)' : ''}`,
    plan: planKubeconfigPath,
  },
  'in-cluster': {
    kind: 'cluster',
    describe: () => 'in-cluster service account',
    plan: () => ({ ok: true, call: { collector: 'cluster', target: { inCluster: true } } }),
  },
  files: {
    kind: 'cluster',
    describe: (c) => `files: ${c.paths.join(', ')}`,
    plan: (_, c) => ({ ok: true, call: { collector: 'files', paths: c.paths } }),
  },
  'uploaded-kubeconfig': {
    kind: 'cluster',
    describe: (c) => `uploaded kubeconfig${withContext(c.context)}`,
    // Uploaded through the dashboard: data, whoever runs it.
    plan: async (ctx, c) => {
      const credentials = await ctx.readCredentials();
      if (credentials?.kind !== 'kubeconfig') return badConfig(`source ${ctx.sourceName} has no uploaded kubeconfig stored`);
      return planKubeconfigData(ctx, credentials.kubeconfig, c.context ?? credentials.context);
    },
  },
  'ram-live': {
    kind: 'cloud-account',
    describe: (c) => `Alibaba Cloud RAM API${c.regionId ? ` (${c.regionId})` : ''}`,
    plan: async (ctx, c) => {
      const credentials = await ctx.readCredentials();
      if (credentials?.kind !== 'ram-access-key') return badConfig(`source ${ctx.sourceName} has no RAM access key stored`);
      ctx.secrets.push(credentials.accessKeySecret, ...(credentials.securityToken ? [credentials.securityToken] : []));
      const ackClusterIds = ackClusterIdsOf((await ctx.linkedClusterRefs?.()) ?? []);
      return { ok: true, call: { collector: 'ramLive', credentials, regionId: c.regionId, ackClusterIds } };
    },
  },
  'ram-files': {
    kind: 'cloud-account',
    describe: (c) => `RAM export files: ${c.paths.join(', ')}`,
    plan: (_, c) => ({ ok: true, call: { collector: 'ramFiles', paths: c.paths } }),
  },
  'aws-files': {
    kind: 'cloud-account',
    describe: (c) => `AWS IAM export files: ${c.paths.join(', ')}`,
    plan: (_, c) => ({ ok: true, call: { collector: 'awsFiles', paths: c.paths } }),
  },
};

/** The source kind a connection type is for. */
export function kindOfConnection(type: ConnectionType): SourceKind {
  return CONNECTIONS[type].kind;
}

export function describeSourceConnection(c: SourceConnection): string {
  return describeWith(c.type, c);
}

function describeWith<T extends ConnectionType>(type: T, c: ConnectionOf<T>): string {
  return CONNECTIONS[type].describe(c);
}

/** Which collector reads `c`, after every check its type needs; nothing is collected yet. */
export async function planCollection(ctx: PlanContext, c: SourceConnection): Promise<Plan> {
  return planWith(ctx, c.type, c);
}

function planWith<T extends ConnectionType>(ctx: PlanContext, type: T, c: ConnectionOf<T>): Plan | Promise<Plan> {
  return CONNECTIONS[type].plan(ctx, c);
}

/** Runs the collector a plan named. */
export function runCollector(collectors: Collectors, call: CollectorCall): Promise<CollectResult> {
  switch (call.collector) {
    case 'cluster':
      return collectors.cluster(call.target);
    case 'ramLive':
      return collectors.ramLive(call.credentials, call.regionId, call.ackClusterIds);
    case 'files':
    case 'ramFiles':
    case 'awsFiles':
      return collectors[call.collector](call.paths);
  }
}
