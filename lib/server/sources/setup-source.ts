import 'server-only';
// "Test connection" and "Add source": the checks a new source gets before anything is stored,
// then the source, its sealed credentials and its uploaded files. Credentials go only into the
// secret box; answers and errors carry names and counts, never a credential.
//
// A kubeconfig here (uploaded, pasted, or read from ACCESS_ATLAS_KUBECONFIG_DIR) is data: it is
// checked by kubeconfig-policy.ts before it is tested or stored, only its checked copy is
// loaded, and its server must pass the outbound-address rule.
//
// Both turn the form into the connection the source will store (prepare), then ask the collector
// table (../collectors.ts) what reads it, as every snapshot of the source will: Test connection
// reports what that collector finds (or, for a cluster, what it may list), and Add source keeps
// uploaded files only once that collector has read them.
//
// A refusal is thrown, naming the form field: a bad field or kubeconfig is `invalid` (400), a name
// already taken `conflict` (409), an upload the collector cannot read or a cluster that refuses the
// test `unprocessable` (422), the server's own setup at fault `internal` (500).
import { readKubeconfigFromDir } from '../../collect/kube/kubeconfig-dir';
import type { KubeTarget } from '../../collect/kube/kube-client';
import { checkKubeconfigAsData } from '../../collect/kube/kubeconfig-policy';
import type { CollectedSnapshot, Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { redactCredentials } from '../../store/record-snapshot';
import {
  defaultCollectors,
  kindOfConnection,
  planCollection,
  runCollector,
  sourceConnectionSchema,
  type CollectorCall,
  type SourceConnection,
} from '../collectors';
import { HttpError } from '../http/http-error';
import { QuestionError } from '../questions/errors';
import { saveSourceCredentials, type SourceCredentials } from '../source-credentials';
import type { SetupInput, SetupMode } from './setup-input';
import { keepUpload, removeUploads, stageUpload, type StagedUpload } from './uploads';

export type TestOutcome =
  | { ok: true; kind: 'cluster'; server: string; identity: string; kinds: { kind: string; canList: boolean; reason?: string }[] }
  | { ok: true; kind: 'files'; files: string[]; counts: Record<string, number>; warnings: string[] }
  | { ok: true; kind: 'unchecked'; message: string };

function invalid(field: string, message: string): QuestionError {
  return new QuestionError('invalid', field, message);
}

/** Checks the kubeconfig as data, with the context to use; throws `invalid` naming `field` (or 'context'). */
function checkKubeconfig(kubeconfig: string, context: string | undefined, field: 'kubeconfig' | 'path'): void {
  const read = checkKubeconfigAsData(kubeconfig);
  if (!read.ok) throw invalid(field, read.message);
  if (context !== undefined && !read.contexts.includes(context))
    throw invalid('context', `context: "${context}" is not in the kubeconfig (it has ${read.contexts.join(', ')})`);
  if (context === undefined && read.current === null)
    throw invalid('context', 'context: the kubeconfig has no current-context; choose one');
}

/** The path of the kubeconfig a "kubeconfig on this server" input names, read from ACCESS_ATLAS_KUBECONFIG_DIR only, and checked. */
async function kubeconfigFromDir(input: { path: string; context?: string }): Promise<string> {
  const read = await readKubeconfigFromDir(input.path);
  if (!read.ok) throw invalid('path', `path: ${read.message}`);
  checkKubeconfig(read.kubeconfig, input.context, 'path');
  return read.path;
}

interface Prepared {
  connection: SourceConnection;
  credentials?: SourceCredentials;
  staged?: StagedUpload;
}

/** What a setup input becomes: the connection to store, with its credentials or staged files; nothing is read from a server yet. */
async function prepare(input: SetupInput): Promise<Prepared> {
  switch (input.mode) {
    case 'kubeconfig-upload': {
      checkKubeconfig(input.kubeconfig, input.context, 'kubeconfig');
      const context = input.context ? { context: input.context } : {};
      return {
        connection: { type: 'uploaded-kubeconfig', ...context },
        credentials: { kind: 'kubeconfig', kubeconfig: input.kubeconfig, ...context },
      };
    }
    case 'kubeconfig-path': {
      const path = await kubeconfigFromDir(input);
      // The resolved path, marked so that the CLI's scheduler reads it as data too.
      return { connection: { type: 'kubeconfig', path, ...(input.context ? { context: input.context } : {}), asData: true } };
    }
    case 'in-cluster':
      return { connection: { type: 'in-cluster' } };
    case 'files':
    case 'ram-files':
    case 'aws-files': {
      // The paths are filled in once the files have moved to the source's uploads folder.
      const staged = await stageUpload(input.files);
      return { connection: { type: input.mode, paths: staged.paths }, staged };
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

/** The form field a mode's failures are about. */
const FIELD_OF_MODE: Record<SetupMode, string> = {
  'kubeconfig-upload': 'kubeconfig',
  'kubeconfig-path': 'path',
  'in-cluster': 'mode',
  files: 'files',
  'ram-files': 'files',
  'aws-files': 'files',
  'ram-access-key': 'accessKeyId',
};

interface Planned {
  call: CollectorCall;
  secrets: string[];
}

/** The collector the table names for the prepared connection, planned as the dashboard will plan the source's snapshots. */
async function planPrepared(mode: SetupMode, prepared: Prepared): Promise<Planned> {
  const secrets: string[] = [];
  const plan = await planCollection(
    {
      sourceName: 'being set up',
      runner: 'dashboard',
      readCredentials: () => Promise.resolve(prepared.credentials ?? null),
      secrets,
    },
    prepared.connection,
  );
  // prepare checked the input itself; what can still fail is the server's own setup (ACCESS_ATLAS_ALLOWED_TARGETS, ACCESS_ATLAS_KUBECONFIG_DIR).
  if (!plan.ok) throw new HttpError('internal', FIELD_OF_MODE[mode], redactCredentials(plan.error.message, secrets));
  return { call: plan.call, secrets };
}

/** Reads staged uploads with the planned collector; the refusal names the file as uploaded. */
async function readUpload(call: CollectorCall, staged: StagedUpload): Promise<CollectedSnapshot> {
  const result = await runCollector(defaultCollectors, call);
  if (result.ok) return result.snapshot;
  throw new HttpError('unprocessable', 'files', `files: ${staged.clean(result.error.message)}`);
}

/** What a cluster's credentials may list: one probe per kind a snapshot lists, against the very target the snapshot will use. */
async function probeCluster(target: KubeTarget, field: string, secrets: readonly string[]): Promise<TestOutcome> {
  const { testClusterConnection } = await import('../../collect/kube/test-connection');
  const tested = await testClusterConnection(target);
  if (!tested.ok) throw new HttpError('unprocessable', field, redactCredentials(tested.error.message, secrets));
  const kinds = tested.report.kinds.map((k) => (k.reason === undefined ? k : { ...k, reason: redactCredentials(k.reason, secrets) }));
  return { ok: true, kind: 'cluster', ...tested.report, kinds };
}

/** Objects per kind, as a snapshot of them counts what it stores. */
function countKinds(snapshot: CollectedSnapshot): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of snapshot.objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  return counts;
}

async function testPrepared(input: SetupInput, prepared: Prepared): Promise<TestOutcome> {
  const field = FIELD_OF_MODE[input.mode];
  const { call, secrets } = await planPrepared(input.mode, prepared);
  if (call.collector === 'cluster') return probeCluster(call.target, field, secrets);
  if (!prepared.staged) {
    return {
      ok: true,
      kind: 'unchecked',
      message: 'The AccessKey is sealed when the source is added and first used by its first snapshot; take one to check it.',
    };
  }
  const staged = prepared.staged;
  const snapshot = await readUpload(call, staged);
  return {
    ok: true,
    kind: 'files',
    files: 'files' in input ? input.files.map((f) => f.name) : [],
    counts: countKinds(snapshot),
    warnings: snapshot.warnings.map((w) => staged.clean(w)),
  };
}

/** What the input's collector finds (or, for a cluster, may list); a refusal is thrown, naming the field. Nothing is stored. */
export async function testSetup(input: SetupInput): Promise<TestOutcome> {
  const prepared = await prepare(input);
  try {
    return await testPrepared(input, prepared);
  } finally {
    await prepared.staged?.discard();
  }
}

/** Creates the source after its checks pass; uploads are kept only once read, and a partly created source is removed again. */
export async function createSource(store: Store, name: string, input: SetupInput): Promise<Source> {
  if (await store.getSource(name)) throw new QuestionError('conflict', 'name', `name: a source named "${name}" already exists`);
  const prepared = await prepare(input);
  try {
    if (prepared.staged) {
      const planned = await planPrepared(input.mode, prepared);
      await readUpload(planned.call, prepared.staged);
    }
    return await storeSource(store, name, prepared);
  } finally {
    await prepared.staged?.discard();
  }
}

async function storeSource(store: Store, name: string, prepared: Prepared): Promise<Source> {
  let created = false;
  try {
    let connection = prepared.connection;
    if (prepared.staged && 'paths' in connection) connection = { ...connection, paths: await keepUpload(prepared.staged, name) };
    const valid = sourceConnectionSchema.parse(connection);
    const source = await store.ensureSource({ name, kind: kindOfConnection(valid.type), connection: valid });
    created = true;
    if (prepared.credentials) await saveSourceCredentials(store, source.id, prepared.credentials);
    return source;
  } catch (error) {
    if (created) await store.deleteSource(name);
    if (prepared.staged) await removeUploads(name);
    throw error;
  }
}
