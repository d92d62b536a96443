import 'server-only';
// "Test connection" and "Add source": the checks a new source gets before anything is stored,
// then the source, its sealed credentials and its uploaded files. Credentials go only into the
// secret box; answers and errors carry names and counts, never a credential.
//
// A kubeconfig here (uploaded, pasted, or read from ACCESS_ATLAS_KUBECONFIG_DIR) is data: it is
// checked by kubeconfig-policy.ts before it is tested or stored, only its checked copy is
// loaded, and its server must pass the outbound-address rule.
import { readFile } from 'node:fs/promises';
import { readKubeconfigFromDir } from '../../collect/kube/kubeconfig-dir';
import { checkKubeconfigAsData } from '../../collect/kube/kubeconfig-policy';
import type { CollectResult, Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { redactCredentials } from '../../store/record-snapshot';
import { dashboardTargets, sourceConnectionSchema, type SourceConnection } from '../run-snapshot';
import { saveSourceCredentials, type SourceCredentials } from '../source-credentials';
import { kindOfMode, type SetupInput, type UploadedFile } from './setup-input';
import { keepUpload, removeUploads, stageUpload, type StagedUpload } from './uploads';

export type Refusal = { ok: false; status: number; field: string; error: string };

export type TestOutcome =
  | { ok: true; kind: 'cluster'; server: string; identity: string; kinds: { kind: string; canList: boolean; reason?: string }[] }
  | { ok: true; kind: 'files'; files: string[]; counts: Record<string, number>; warnings: string[] }
  | { ok: true; kind: 'unchecked'; message: string }
  | Refusal;

function refuse(field: string, error: string, status = 400): Refusal {
  return { ok: false, status, field, error };
}

type Checked = { ok: true; kubeconfig: string; secrets: string[] };

/** The kubeconfig checked as data, with the context to use; or the refusal, naming `field` (or 'context'). */
function checkKubeconfig(kubeconfig: string, context: string | undefined, field: 'kubeconfig' | 'path'): Checked | Refusal {
  const read = checkKubeconfigAsData(kubeconfig);
  if (!read.ok) return refuse(field, read.message);
  if (context !== undefined && !read.contexts.includes(context))
    return refuse('context', `context: "${context}" is not in the kubeconfig (it has ${read.contexts.join(', ')})`);
  if (context === undefined && read.current === null)
    return refuse('context', 'context: the kubeconfig has no current-context; choose one');
  return { ok: true, kubeconfig, secrets: read.secrets };
}

/** The kubeconfig a "kubeconfig on this server" input names, read from ACCESS_ATLAS_KUBECONFIG_DIR only, and checked. */
async function kubeconfigFromDir(input: { path: string; context?: string }): Promise<(Checked & { path: string }) | Refusal> {
  const read = await readKubeconfigFromDir(input.path);
  if (!read.ok) return refuse('path', `path: ${read.message}`);
  const checked = checkKubeconfig(read.kubeconfig, input.context, 'path');
  return checked.ok ? { ...checked, path: read.path } : checked;
}

/** Tests a checked kubeconfig against its server, held to the outbound-address rule. */
async function testKubeconfigData(checked: Checked, context: string | undefined, field: 'kubeconfig' | 'path'): Promise<TestOutcome> {
  const targets = dashboardTargets();
  if (!targets.ok) return refuse(field, targets.error.message, 500);
  const { testClusterConnection } = await import('../../collect/kube/test-connection');
  const tested = await testClusterConnection({ kubeconfigData: checked.kubeconfig, context, restrictTargets: targets.policy });
  if (!tested.ok) return refuse(field, redactCredentials(tested.error.message, checked.secrets), 422);
  const kinds = tested.report.kinds.map((k) =>
    k.reason === undefined ? k : { ...k, reason: redactCredentials(k.reason, checked.secrets) },
  );
  return { ok: true, kind: 'cluster', ...tested.report, kinds };
}

/** AWS IAM import has no collector yet: the files are checked to be JSON objects and kept. */
async function collectAwsFilesShallow(paths: string[]): Promise<CollectResult> {
  for (const path of paths) {
    try {
      const value: unknown = JSON.parse(await readFile(path, 'utf8'));
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    } catch (error) {
      return { ok: false, error: { code: 'bad-input', message: `${path}: ${error instanceof Error ? error.message : 'unreadable'}` } };
    }
  }
  return {
    ok: true,
    snapshot: {
      objects: [],
      missingKinds: [],
      warnings: ['AWS IAM import is not available yet: the files are kept, the snapshot will fail until it is'],
      origin: paths.join(', '),
    },
  };
}

async function collectUpload(mode: 'files' | 'ram-files' | 'aws-files', staged: StagedUpload): Promise<CollectResult> {
  if (mode === 'files') return (await import('../../collect/files')).collectFromFiles(staged.paths);
  if (mode === 'ram-files') return (await import('../../collect/ram')).collectFromRamFiles(staged.paths);
  return collectAwsFilesShallow(staged.paths);
}

/** Stages and parses uploaded dumps; the caller keeps or discards the staged folder (discarded here when the check fails or throws). */
async function checkUpload(
  mode: 'files' | 'ram-files' | 'aws-files',
  files: UploadedFile[],
): Promise<{ ok: true; staged: StagedUpload; result: Extract<CollectResult, { ok: true }> } | Refusal> {
  const staged = await stageUpload(files);
  let result: CollectResult;
  try {
    result = await collectUpload(mode, staged);
  } catch (error) {
    await staged.discard();
    throw error;
  }
  if (result.ok) return { ok: true, staged, result };
  await staged.discard();
  return refuse('files', `files: ${staged.clean(result.error.message)}`, 422);
}

export async function testSetup(input: SetupInput): Promise<TestOutcome> {
  switch (input.mode) {
    case 'kubeconfig-upload': {
      const checked = checkKubeconfig(input.kubeconfig, input.context, 'kubeconfig');
      return checked.ok ? testKubeconfigData(checked, input.context, 'kubeconfig') : checked;
    }
    case 'kubeconfig-path': {
      const read = await kubeconfigFromDir(input);
      return read.ok ? testKubeconfigData(read, input.context, 'path') : read;
    }
    case 'in-cluster': {
      const { testClusterConnection } = await import('../../collect/kube/test-connection');
      const tested = await testClusterConnection({ inCluster: true });
      return tested.ok ? { ok: true, kind: 'cluster', ...tested.report } : refuse('mode', tested.error.message, 422);
    }
    case 'files':
    case 'ram-files':
    case 'aws-files': {
      const checked = await checkUpload(input.mode, input.files);
      if (!checked.ok) return checked;
      await checked.staged.discard();
      const counts: Record<string, number> = {};
      for (const o of checked.result.snapshot.objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
      return {
        ok: true,
        kind: 'files',
        files: input.files.map((f) => f.name),
        counts,
        warnings: checked.result.snapshot.warnings.map((w) => checked.staged.clean(w)),
      };
    }
    case 'ram-access-key':
      return {
        ok: true,
        kind: 'unchecked',
        message: 'The AccessKey is sealed when the source is added and first used by its first snapshot; take one to check it.',
      };
  }
}

interface Prepared {
  connection: SourceConnection;
  credentials?: SourceCredentials;
  staged?: StagedUpload;
}

async function prepare(input: SetupInput): Promise<Prepared | Refusal> {
  switch (input.mode) {
    case 'kubeconfig-upload': {
      const checked = checkKubeconfig(input.kubeconfig, input.context, 'kubeconfig');
      if (!checked.ok) return checked;
      const context = input.context ? { context: input.context } : {};
      return {
        connection: { type: 'uploaded-kubeconfig', ...context },
        credentials: { kind: 'kubeconfig', kubeconfig: input.kubeconfig, ...context },
      };
    }
    case 'kubeconfig-path': {
      const read = await kubeconfigFromDir(input);
      if (!read.ok) return read;
      // The resolved path, marked so that the CLI's scheduler reads it as data too.
      return { connection: { type: 'kubeconfig', path: read.path, ...(input.context ? { context: input.context } : {}), asData: true } };
    }
    case 'in-cluster':
      return { connection: { type: 'in-cluster' } };
    case 'files':
    case 'ram-files':
    case 'aws-files': {
      const checked = await checkUpload(input.mode, input.files);
      if (!checked.ok) return checked;
      // The paths are filled in once the files have moved to the source's uploads folder.
      return { connection: { type: input.mode, paths: checked.staged.paths }, staged: checked.staged };
    }
    case 'ram-access-key': {
      const token = input.securityToken ? { securityToken: input.securityToken } : {};
      return {
        connection: { type: 'ram-live', ...(input.regionId ? { regionId: input.regionId } : {}) },
        credentials: { kind: 'ram-access-key', accessKeyId: input.accessKeyId, accessKeySecret: input.accessKeySecret, ...token },
      };
    }
  }
}

/** Creates the source after its checks pass; a partly created source is removed again. */
export async function createSource(store: Store, name: string, input: SetupInput): Promise<{ ok: true; source: Source } | Refusal> {
  if (await store.getSource(name)) return refuse('name', `name: a source named "${name}" already exists`, 409);
  const prepared = await prepare(input);
  if ('ok' in prepared) return prepared;
  let created = false;
  try {
    let connection = prepared.connection;
    if (prepared.staged && 'paths' in connection) connection = { ...connection, paths: await keepUpload(prepared.staged, name) };
    const valid = sourceConnectionSchema.parse(connection);
    const source = await store.ensureSource({ name, kind: kindOfMode(input.mode), connection: valid });
    created = true;
    if (prepared.credentials) await saveSourceCredentials(store, source.id, prepared.credentials);
    return { ok: true, source };
  } catch (error) {
    if (created) await store.deleteSource(name);
    if (prepared.staged) await removeUploads(name);
    throw error;
  } finally {
    await prepared.staged?.discard();
  }
}
