import 'server-only';
// The one way a stored Source is snapshotted (scheduler, "snapshot now", CLI): its `connection`
// JSON says where the data comes from, its sealed credential (if any) how to get in. The run is
// recorded either way: finished when the collector succeeds, failed with the reason when it does
// not, so the last good snapshot always stays the one questions are answered from.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { CollectError, CollectResult, SnapshotSummary, Source } from '../core/snapshot/types';
import { recordSnapshot, type Store } from '../store';
import { readSourceCredentials, type SourceCredentials } from './source-credentials';
import { notifyHighImpactGains } from './webhooks/notify';

const paths = z.array(z.string().min(1)).min(1);

/**
 * Where a source's snapshots come from. `kubeconfig`, `in-cluster` and `files` are what
 * `access-atlas snapshot` stores; `uploaded-kubeconfig` reads the kubeconfig from the source's
 * sealed credential; the cloud types read a RAM/IAM account live or from exported JSON files.
 */
export const sourceConnectionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('kubeconfig'), path: z.string().min(1), context: z.string().min(1).optional() }),
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
  if (kind !== source.kind) return badConfig(`source ${source.name} is a ${source.kind}, but its connection type ${parsed.data.type} is for a ${kind}`);
  return { ok: true, connection: parsed.data };
}

/** True when runSnapshot can collect this source (the scheduler skips the others). */
export function isRunnable(source: Source): boolean {
  return parseConnection(source).ok;
}

/** A short human description of where the source's data comes from; never a credential. */
export function describeConnection(source: Source): string {
  if (source.connection.demo === true) return 'demo data (no live connection)';
  const parsed = parseConnection(source);
  if (!parsed.ok) return 'no usable connection';
  const c = parsed.connection;
  switch (c.type) {
    case 'kubeconfig':
      return `kubeconfig ${c.path}${c.context ? ` context ${c.context}` : ''}`;
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
  cluster(opts: { kubeconfigPath?: string; context?: string; inCluster?: boolean }): Promise<CollectResult>;
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
  collectors?: Partial<Collectors>;
  readCredentials?: (store: Store, sourceId: number) => Promise<SourceCredentials | null>;
  /** Queue the source's webhooks when the snapshot brings high-impact gains. Default true (the scheduler queues them itself). */
  announce?: boolean;
}

/**
 * The kubeconfig lives only in a private temporary file for the collection (the kube collector
 * reads kubeconfigs from files, like kubectl), removed as soon as it is done.
 */
async function withKubeconfigFile<T>(kubeconfig: string, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'atlas-kubeconfig-'));
  try {
    const file = join(dir, 'config');
    await writeFile(file, kubeconfig, { mode: 0o600 });
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function collect(store: Store, source: Source, c: SourceConnection, collectors: Collectors, read: NonNullable<RunSnapshotOptions['readCredentials']>): Promise<CollectResult> {
  switch (c.type) {
    case 'kubeconfig':
      return collectors.cluster({ kubeconfigPath: c.path, context: c.context });
    case 'in-cluster':
      return collectors.cluster({ inCluster: true });
    case 'files':
      return collectors.files(c.paths);
    case 'ram-files':
      return collectors.ramFiles(c.paths);
    case 'aws-files':
      return collectors.awsFiles(c.paths);
    case 'uploaded-kubeconfig': {
      const credentials = await read(store, source.id);
      if (credentials?.kind !== 'kubeconfig') return badConfig(`source ${source.name} has no uploaded kubeconfig stored`);
      const context = c.context ?? credentials.context;
      return withKubeconfigFile(credentials.kubeconfig, (kubeconfigPath) => collectors.cluster({ kubeconfigPath, context }));
    }
    case 'ram-live': {
      const credentials = await read(store, source.id);
      if (credentials?.kind !== 'ram-access-key') return badConfig(`source ${source.name} has no RAM access key stored`);
      return collectors.ramLive(credentials, c.regionId);
    }
  }
}

/** Collects the source from its connection and records the snapshot (failed, with the reason, on any error). */
export async function runSnapshot(store: Store, source: Source, opts: RunSnapshotOptions = {}): Promise<SnapshotSummary> {
  const collectors: Collectors = { ...defaultCollectors, ...opts.collectors };
  const read = opts.readCredentials ?? readSourceCredentials;
  const description = describeConnection(source);
  const origin = opts.trigger ? `${opts.trigger}: ${description}` : description;
  const parsed = parseConnection(source);
  if (!parsed.ok) return recordSnapshot(store, source.name, source.kind, parsed, origin);
  const run = async (): Promise<CollectResult> => {
    const result = await collect(store, source, parsed.connection, collectors, read);
    // The history shows why each snapshot was taken: 'scheduled: <where from>', 'manual: ...'.
    if (!result.ok || !opts.trigger) return result;
    return { ok: true, snapshot: { ...result.snapshot, origin: `${opts.trigger}: ${result.snapshot.origin}` } };
  };
  const summary = await recordSnapshot(store, source.name, source.kind, run, origin);
  if (opts.announce !== false && summary.status !== 'failed') {
    // Announcing is a side effect of a good snapshot: its failure is reported, never the snapshot's.
    await notifyHighImpactGains(store, source, summary, new Date()).catch((error: unknown) => {
      console.error(`snapshot ${summary.id} of ${source.name}: queuing webhook announcements failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  return summary;
}
