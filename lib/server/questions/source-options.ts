import 'server-only';
// The choices the who-can form offers: every source with its recent snapshots, and the
// namespaces of the snapshot the form starts on (as input suggestions only).
import type { SnapshotSummary } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { loadSnapshotIndex, missingRbacKinds } from '../snapshot-index';
import type { QuerySuggestions, SnapshotOption, SourceOption } from './source-option-types';
import type { ClusterObjects } from '../../core/kube/types';

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
        kind: source.kind,
        isDemo: source.connection.demo === true,
        latestUsable: latest ? toOption(latest) : null,
        snapshots: snapshots.map(toOption),
      };
    }),
  );
}

function suggestionsFrom(source: string, objects: ClusterObjects): QuerySuggestions {
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
  const resources = new Map<string, { name: string; group: string }>();
  for (const r of objects.apiResources) {
    const [name = r.name] = r.name.split('/');
    resources.set(`${r.group}\u0000${name}`, { name, group: r.group });
  }
  return {
    source,
    namespaces: sorted(objects.namespaces.map((n) => n.name)),
    resources: [...resources.values()].sort((a, b) => (a.name === b.name ? (a.group < b.group ? -1 : 1) : a.name < b.name ? -1 : 1)),
    subresources: sorted(objects.apiResources.flatMap((r) => (r.name.includes('/') ? [r.name.slice(r.name.indexOf('/') + 1)] : []))),
    groups: sorted(objects.apiResources.map((r) => r.group).filter((g) => g !== '')),
    verbs: sorted(objects.apiResources.flatMap((r) => r.verbs)),
  };
}

const NO_SUGGESTIONS = (source: string): QuerySuggestions => ({
  source,
  namespaces: [],
  resources: [],
  subresources: [],
  groups: [],
  verbs: [],
});

/** Namespaces and API discovery of the source's latest usable snapshot; none when it cannot be read. */
export async function querySuggestions(store: Store, source: SourceOption | undefined): Promise<QuerySuggestions> {
  if (!source?.latestUsable || source.latestUsable.lacksRbacKinds.length > 0) return NO_SUGGESTIONS(source?.name ?? '');
  const snapshot = await store.getSnapshot(source.latestUsable.id);
  if (!snapshot) return NO_SUGGESTIONS(source.name);
  const { objects } = await loadSnapshotIndex(store, snapshot);
  return suggestionsFrom(source.name, objects);
}
