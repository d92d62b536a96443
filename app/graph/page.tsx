import type { Metadata } from 'next';
import Link from 'next/link';
import { GraphExplorer } from '../../components/graph/graph-explorer';
import { canonicalSearch } from '../../components/graph/graph-params';
import { answerGraph } from '../../lib/server/graph';
import { pageStore } from '../../lib/server/auth/page-access';

export const metadata: Metadata = { title: 'Graph' };

type SearchParams = Record<string, string | string[] | undefined>;

function toURLSearchParams(raw: SearchParams): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return params;
}

export default async function GraphPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = toURLSearchParams(await searchParams);
  const store = await pageStore();
  // The graph draws RBAC: only clusters are offered (a cloud account named in the URL is refused by the question layer).
  const sources = (await store.listSources()).filter((s) => s.kind === 'cluster').map((s) => s.name);
  const initial = sources.length > 0 ? (await answerGraph(store, params)).body : null;
  return (
    <>
      <h1>Graph</h1>
      <p className="page-lede">
        Subjects, the bindings that name them, the roles those grant, and their namespaces. Start from a node and open its neighbors, see
        the whole cluster by namespace, or draw the paths of a who-can answer.
      </p>
      {sources.length === 0 ? (
        <div className="empty-state">
          <h2>No cluster to draw yet</h2>
          <p>
            Load a cluster snapshot first (<code>npx access-atlas snapshot --from DIR --source NAME</code>), then see the{' '}
            <Link href="/">overview</Link>.
          </p>
        </div>
      ) : (
        <GraphExplorer sources={sources} initial={{ search: canonicalSearch(params), response: initial }} />
      )}
    </>
  );
}
