// Turns SOURCE into the RBAC engine's index, with the notices a careful reader
// needs on stderr: a partial snapshot, aggregated roles whose stored rules differ
// from what their selectors pick, bindings to missing roles.
import { serviceAccountSecretsOf, type ServiceAccountSecrets } from '../lib/core/findings/token-hygiene';
import type { ClusterObjects } from '../lib/core/kube/types';
import { toClusterObjects } from '../lib/core/kube/to-cluster-objects';
import { buildAuthzIndex, type AuthzIndex } from '../lib/core/rbac';
import { aggregationDisagreements } from '../lib/core/rbac/aggregation';
import { UsageError } from './args';
import { inputPath, type CliIo } from './io';
import { openCliStore } from './open-store';
import type { SourceSpec } from './source-args';

export interface QuestionSource {
  objects: ClusterObjects;
  index: AuthzIndex;
  notices: string[];
  /** Files only: the ServiceAccounts' `secrets` lists as read (the index does not carry them; `findings` does). */
  serviceAccountSecrets?: ServiceAccountSecrets[];
}

async function fromFiles(paths: string[], io: CliIo): Promise<QuestionSource> {
  const { collectFromFiles } = await import('../lib/collect/files');
  const result = await collectFromFiles(
    paths.map((path) => inputPath(io, path)),
    { stdin: io.stdin },
  );
  if (!result.ok) throw new UsageError(result.error.message);
  const objects = toClusterObjects(result.snapshot.objects.map((o) => o.body));
  const serviceAccountSecrets = serviceAccountSecretsOf(
    result.snapshot.objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.body),
  );
  return { objects, index: buildAuthzIndex(objects), notices: result.snapshot.warnings, serviceAccountSecrets };
}

async function fromStore(sourceName: string, snapshotId: number | undefined, io: CliIo): Promise<QuestionSource> {
  const { loadSnapshotIndex } = await import('../lib/server/snapshot-index');
  const { resolveQuestion } = await import('../lib/server/questions/resolve');
  const store = await openCliStore(io);
  try {
    // The one resolver: a cloud-account source is refused by name (wrong-kind, exit 2), never answered as "nobody".
    const { snapshot } = await resolveQuestion(store, { source: sourceName, snapshotId, need: 'rbac' });
    const loaded = await loadSnapshotIndex(store, snapshot);
    const notices: string[] = [];
    if (snapshot.status === 'partial') {
      const missing = snapshot.missingKinds.map((m) => `${m.kind} (${m.reason})`).join(', ');
      notices.push(`snapshot ${snapshot.id} of "${sourceName}" is partial; it lacks ${missing}`);
    }
    return { objects: loaded.objects, index: loaded.index, notices };
  } finally {
    await store.close();
  }
}

function engineNotices(source: QuestionSource): string[] {
  const notices: string[] = [];
  const disagreements = aggregationDisagreements(source.objects);
  if (disagreements.length > 0) {
    const names = disagreements.map((d) => d.role).join(', ');
    notices.push(
      `aggregated ClusterRoles whose stored rules differ from what their aggregationRule selects: ${names}; answers use the stored rules, as the API server does`,
    );
  }
  const unresolved = source.index.unresolvedBindings;
  if (unresolved.length > 0) {
    const shown = unresolved.slice(0, 5).map((u) => {
      const where = u.binding.namespace ? `${u.binding.namespace}/` : '';
      return `${u.binding.kind} ${where}${u.binding.name} -> ${u.roleRef.kind} ${u.roleRef.name}`;
    });
    const more = unresolved.length > shown.length ? ` and ${unresolved.length - shown.length} more` : '';
    notices.push(`${unresolved.length} binding(s) reference a missing role and grant nothing: ${shown.join('; ')}${more}`);
  }
  return notices;
}

export async function loadQuestionSource(spec: SourceSpec, io: CliIo): Promise<QuestionSource> {
  const source = spec.kind === 'files' ? await fromFiles(spec.paths, io) : await fromStore(spec.sourceName, spec.snapshotId, io);
  return { ...source, notices: [...source.notices, ...engineNotices(source)] };
}
