import 'server-only';
// The one way a stored Source is snapshotted (scheduler, "snapshot now", CLI): its `connection`
// JSON says where the data comes from, its sealed credential (if any) how to get in. The run is
// recorded either way: finished when the collector succeeds, failed with the reason when it does
// not, so the last good snapshot always stays the one questions are answered from.
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { z } from 'zod';
import { KUBECONFIG_DIR_VARIABLE, isUnderKubeconfigDir, readKubeconfigFromDir } from '../collect/kube/kubeconfig-dir';
import { checkKubeconfigAsData } from '../collect/kube/kubeconfig-policy';
import { AllowedTargetsError, targetPolicyFromEnv, type TargetPolicy } from '../collect/net/target-guard';
import type { CollectError, CollectResult, SnapshotSummary, Source } from '../core/snapshot/types';
import { recordSnapshot, type Store } from '../store';
import { redactCredentials } from '../store/record-snapshot';
import { dataDirectory } from './secret-box';
import { readSourceCredentials, type SourceCredentials } from './source-credentials';
import { notifyHighImpactGains } from './webhooks/notify';

/**
 * Who starts a snapshot. The dashboard server (its scheduler, "Snapshot now", Add source) runs
 * kubeconfigs only as data; the operator's CLI (`snapshot`, `scheduler`) runs the operator's
 * own kubeconfig as kubectl would, exec plugins included.
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

/** Which connection types fit which source kind. */
const KIND_OF_TYPE: Record<SourceConnection['type'], Source['kind']> = {
  kubeconfig: 'cluster',
  'in-cluster': 'cluster',
  files: 'cluster',
  'uploaded-kubeconfig': 'cluster',
  'ram-live': 'cloud-account',
  'ram-files': 'cloud-account',
  'aws-files': 'cloud-account',
};

export type ParsedConnection = { ok: true; connection: SourceConnection } | { ok: false; error: CollectError };

function badConfig(message: string): { ok: false; error: CollectError } {
  return { ok: false, error: { code: 'bad-config', message } };
}

/** The source's connection, validated; demo sources and sources without a connection cannot run. */
export function parseConnection(source: Source): ParsedConnection {
  if (source.connection.demo === true) return badConfig(`source ${source.name} holds demo data and has no live connection to snapshot`);
  const parsed = sourceConnectionSchema.safeParse(source.connection);
  if (!parsed.success) {
    return badConfig(`source ${source.name}: connection is not usable (${z.prettifyError(parsed.error).replace(/\n/g, '; ')})`);
  }
  const kind = KIND_OF_TYPE[parsed.data.type];
  if (kind !== source.kind)
    return badConfig(`source ${source.name} is a ${source.kind}, but its connection type ${parsed.data.type} is for a ${kind}`);
  return { ok: true, connection: parsed.data };
}

/**
 * Why the dashboard does not snapshot this source, or null when it does (or the source cannot run
 * at all: parseConnection says why). A kubeconfig on a server path may run programs, so the
 * dashboard runs one only from ACCESS_ATLAS_KUBECONFIG_DIR, as data; any other is the CLI's.
 * This is the path as written; the run itself checks where it resolves (symlinks followed).
 */
export function dashboardRefusal(source: Source, env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const parsed = parseConnection(source);
  if (!parsed.ok || parsed.connection.type !== 'kubeconfig') return null;
  if (isUnderKubeconfigDir(parsed.connection.path, env)) return null;
  return (
    `source ${source.name} uses the kubeconfig ${parsed.connection.path} on the server, which may run programs (exec plugins); ` +
    `the dashboard runs only kubeconfigs in ${KUBECONFIG_DIR_VARIABLE}, so this source is snapshotted only by the CLI ` +
    `(access-atlas snapshot --source ${source.name} --kubeconfig PATH, or access-atlas scheduler)`
  );
}

/** True when `runner` can collect this source (the scheduler skips the others); without a runner, whether the CLI can. */
export function isRunnable(source: Source, runner: Runner = 'operator'): boolean {
  return parseConnection(source).ok && (runner === 'operator' || dashboardRefusal(source) === null);
}

/** A short human description of where the source's data comes from; never a credential. */
export function describeConnection(source: Source): string {
  if (source.connection.demo === true) return 'demo data (no live connection)';
  const parsed = parseConnection(source);
  if (!parsed.ok) return 'no usable connection';
  const c = parsed.connection;
  switch (c.type) {
    case 'kubeconfig':
      return `kubeconfig ${c.path}${c.context ? ` context ${c.context}` : ''}${c.asData ? ' (read as data)' : ''}`;
    case 'in-cluster':
      return 'in-cluster service account';
    case 'files':
      return `files: ${c.paths.join(', ')}`;
    case 'uploaded-kubeconfig':
      return `uploaded kubeconfig${c.context ? ` context ${c.context}` : ''}`;
    case 'ram-live':
      return `Alibaba Cloud RAM API${c.regionId ? ` (${c.regionId})` : ''}`;
    case 'ram-files':
      return `RAM export files: ${c.paths.join(', ')}`;
    case 'aws-files':
      return `AWS IAM export files: ${c.paths.join(', ')}`;
  }
}

/** The collectors runSnapshot calls; tests replace them. */
export interface Collectors {
  cluster(opts: {
    kubeconfigPath?: string;
    kubeconfigData?: string;
    context?: string;
    inCluster?: boolean;
    restrictTargets?: TargetPolicy;
  }): Promise<CollectResult>;
  files(paths: string[]): Promise<CollectResult>;
  ramLive(credentials: Extract<SourceCredentials, { kind: 'ram-access-key' }>, regionId: string | undefined): Promise<CollectResult>;
  ramFiles(paths: string[]): Promise<CollectResult>;
  awsFiles(paths: string[]): Promise<CollectResult>;
}

const defaultCollectors: Collectors = {
  cluster: async (opts) => (await import('../collect/kube')).collectFromCluster(opts),
  files: async (paths) => (await import('../collect/files')).collectFromFiles(paths),
  ramLive: async (credentials) => (await import('../collect/ram')).collectFromRamAccount({ credential: await ramCredential(credentials) }),
  ramFiles: async (paths) => (await import('../collect/ram')).collectFromRamFiles(paths),
  awsFiles: async (paths) => (await import('../collect/aws')).collectFromAwsAuthorizationDetails(paths),
};

/** The stored AccessKey as the SDK's credential: an STS token when one is stored, else a plain AccessKey. */
async function ramCredential(key: Extract<SourceCredentials, { kind: 'ram-access-key' }>) {
  const [{ Credential }, { Config }] = await Promise.all([import('../collect/ram/sdk-classes'), import('@alicloud/credentials')]);
  const config = key.securityToken
    ? new Config({ type: 'sts', accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret, securityToken: key.securityToken })
    : new Config({ type: 'access_key', accessKeyId: key.accessKeyId, accessKeySecret: key.accessKeySecret });
  return new Credential(config);
}

export interface RunSnapshotOptions {
  /** Why the snapshot was taken, prefixed to the origin: 'scheduled', 'manual'... */
  trigger?: string;
  /** Who runs it. Default 'dashboard': only the CLI says 'operator'. */
  runner?: Runner;
  collectors?: Partial<Collectors>;
  readCredentials?: (store: Store, sourceId: number) => Promise<SourceCredentials | null>;
  /** Queue the source's webhooks when the snapshot brings high-impact gains. Default true (the scheduler queues them itself). */
  announce?: boolean;
}

interface RunContext {
  store: Store;
  source: Source;
  runner: Runner;
  collectors: Collectors;
  read: NonNullable<RunSnapshotOptions['readCredentials']>;
  /** Credential strings seen during the run, scrubbed from any message before it is stored. */
  secrets: string[];
}

/** The outbound-address rule for servers a dashboard user chose (ACCESS_ATLAS_ALLOWED_TARGETS). */
export function dashboardTargets(): { ok: true; policy: TargetPolicy } | { ok: false; error: CollectError } {
  try {
    return { ok: true, policy: targetPolicyFromEnv() };
  } catch (error) {
    if (error instanceof AllowedTargetsError) return badConfig(error.message);
    throw error;
  }
}

/**
 * A kubeconfig that came through the dashboard: checked as data here (so a refusal names the
 * field before anything runs), then loaded by the collector from its checked copy only, with
 * every connection held to the outbound-address rule.
 */
async function collectKubeconfigData(ctx: RunContext, kubeconfig: string, context: string | undefined): Promise<CollectResult> {
  const checked = checkKubeconfigAsData(kubeconfig);
  if (!checked.ok) return badConfig(`source ${ctx.source.name}: ${checked.message}`);
  ctx.secrets.push(...checked.secrets);
  const targets = dashboardTargets();
  if (!targets.ok) return targets;
  return ctx.collectors.cluster({ kubeconfigData: kubeconfig, context, restrictTargets: targets.policy });
}

/** A kubeconfig on a server path: the operator's own runs as kubectl would; the dashboard reads one only from its folder, as data. */
async function collectKubeconfigPath(ctx: RunContext, c: Extract<SourceConnection, { type: 'kubeconfig' }>): Promise<CollectResult> {
  if (ctx.runner === 'operator') {
    // A file under the data directory was uploaded through the dashboard (a dump that is also a
    // kubeconfig, named by a kubeconfig-path source made before asData existed): data, not the operator's.
    if (c.asData !== true && !(await isUploadedFile(c.path))) return ctx.collectors.cluster({ kubeconfigPath: c.path, context: c.context });
    let text: string;
    try {
      text = await readFile(c.path, 'utf8');
    } catch {
      return badConfig(`source ${ctx.source.name}: kubeconfig ${c.path} is not readable`);
    }
    return collectKubeconfigData(ctx, text, c.context);
  }
  const refusal = dashboardRefusal(ctx.source);
  if (refusal !== null) return badConfig(refusal);
  const read = await readKubeconfigFromDir(c.path);
  if (!read.ok) return badConfig(`source ${ctx.source.name}: ${read.message}`);
  return collectKubeconfigData(ctx, read.kubeconfig, c.context);
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

async function collect(ctx: RunContext, c: SourceConnection): Promise<CollectResult> {
  const { collectors, source } = ctx;
  switch (c.type) {
    case 'kubeconfig':
      return collectKubeconfigPath(ctx, c);
    case 'in-cluster':
      return collectors.cluster({ inCluster: true });
    case 'files':
      return collectors.files(c.paths);
    case 'ram-files':
      return collectors.ramFiles(c.paths);
    case 'aws-files':
      return collectors.awsFiles(c.paths);
    case 'uploaded-kubeconfig': {
      // Uploaded through the dashboard: data, whoever runs it.
      const credentials = await ctx.read(ctx.store, source.id);
      if (credentials?.kind !== 'kubeconfig') return badConfig(`source ${source.name} has no uploaded kubeconfig stored`);
      return collectKubeconfigData(ctx, credentials.kubeconfig, c.context ?? credentials.context);
    }
    case 'ram-live': {
      const credentials = await ctx.read(ctx.store, source.id);
      if (credentials?.kind !== 'ram-access-key') return badConfig(`source ${source.name} has no RAM access key stored`);
      ctx.secrets.push(credentials.accessKeySecret, ...(credentials.securityToken ? [credentials.securityToken] : []));
      return collectors.ramLive(credentials, c.regionId);
    }
  }
}

/** The run, with the source's own credential strings scrubbed from whatever it reports or throws. */
async function collectRedacted(ctx: RunContext, c: SourceConnection): Promise<CollectResult> {
  try {
    const result = await collect(ctx, c);
    if (result.ok) return result;
    return { ok: false, error: { ...result.error, message: redactCredentials(result.error.message, ctx.secrets) } };
  } catch (error) {
    throw new Error(redactCredentials(error instanceof Error ? error.message : String(error), ctx.secrets));
  }
}

/** Collects the source from its connection and records the snapshot (failed, with the reason, on any error). */
export async function runSnapshot(store: Store, source: Source, opts: RunSnapshotOptions = {}): Promise<SnapshotSummary> {
  const ctx: RunContext = {
    store,
    source,
    runner: opts.runner ?? 'dashboard',
    collectors: { ...defaultCollectors, ...opts.collectors },
    read: opts.readCredentials ?? readSourceCredentials,
    secrets: [],
  };
  const description = describeConnection(source);
  const origin = opts.trigger ? `${opts.trigger}: ${description}` : description;
  const parsed = parseConnection(source);
  if (!parsed.ok) return recordSnapshot(store, source.name, source.kind, parsed, origin);
  const run = async (): Promise<CollectResult> => {
    const result = await collectRedacted(ctx, parsed.connection);
    // The history shows why each snapshot was taken: 'scheduled: <where from>', 'manual: ...'.
    if (!result.ok || !opts.trigger) return result;
    return { ok: true, snapshot: { ...result.snapshot, origin: `${opts.trigger}: ${result.snapshot.origin}` } };
  };
  const summary = await recordSnapshot(store, source.name, source.kind, run, origin);
  if (opts.announce !== false && summary.status !== 'failed') {
    // Announcing is a side effect of a good snapshot: its failure is reported, never the snapshot's.
    await notifyHighImpactGains(store, source, summary, new Date()).catch((error: unknown) => {
      console.error(
        `snapshot ${summary.id} of ${source.name}: queuing webhook announcements failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }
  return summary;
}
