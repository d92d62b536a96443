import 'server-only';
// The choices the who-can form offers: every source with its recent snapshots, and the
// namespaces of the snapshot the form starts on (as input suggestions only).
import type { SnapshotSummary } from '../../lib/core/snapshot/types';
import type { Store } from '../../lib/store';
import { loadSnapshotIndex, missingRbacKinds } from '../../lib/server/snapshot-index';
import type { SnapshotOption, SourceOption } from '../../components/who-can/options';

const SNAPSHOTS_LISTED = 50;

function toOption(s: SnapshotSummary): SnapshotOption {
  return {
    id: s.id,
    seq: s.seq,
    status: s.status,
    finishedAt: s.finishedAt ? s.finishedAt.toISOString() : null,
    lacksRbacKinds: missingRbacKinds(s),
  };
}

export async function listSourceOptions(store: Store): Promise<SourceOption[]> {
  const sources = await store.listSources();
  return Promise.all(
    sources.map(async (source) => {
      const [snapshots, latest] = await Promise.all([
        store.listSnapshots(source.id, { limit: SNAPSHOTS_LISTED }),
        store.latestUsableSnapshot(source.id),
      ]);
      return {
        name: source.name,
        isDemo: source.connection.demo === true,
        latestUsable: latest ? toOption(latest) : null,
        snapshots: snapshots.map(toOption),
      };
    }),
  );
}

/** Namespaces of the source's latest usable snapshot; none when it cannot be read. */
export async function namespaceSuggestions(store: Store, source: SourceOption | undefined): Promise<{ source: string; namespaces: string[] }> {
  if (!source?.latestUsable || source.latestUsable.lacksRbacKinds.length > 0) return { source: source?.name ?? '', namespaces: [] };
  const snapshot = await store.getSnapshot(source.latestUsable.id);
  if (!snapshot) return { source: source.name, namespaces: [] };
  const { objects } = await loadSnapshotIndex(store, snapshot);
  return { source: source.name, namespaces: objects.namespaces.map((n) => n.name).sort() };
}
