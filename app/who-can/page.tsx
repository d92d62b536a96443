import type { Metadata } from 'next';
import Link from 'next/link';
import { getStore } from '../../lib/server/store-instance';
import { hasWhoCanQuestion } from '../../lib/server/who-can-query';
import { canonicalSearch, toURLSearchParams } from '../../components/who-can/form-values';
import { WhoCanExplorer } from '../../components/who-can/who-can-explorer';
import { answerWhoCanView } from './who-can-view';
import { listSourceOptions, querySuggestions } from './source-options';

export const metadata: Metadata = { title: 'Who can' };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function WhoCanPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const store = await getStore();
  const sources = await listSourceOptions(store);
  const chosenSource = typeof raw.source === 'string' ? sources.find((s) => s.name === raw.source) : sources[0];
  const [suggestions, initialResponse] = await Promise.all([
    querySuggestions(store, chosenSource),
    hasWhoCanQuestion(raw) ? answerWhoCanView(store, raw).then((r) => r.body) : Promise.resolve(null),
  ]);

  return (
    <>
      <h1>Who can</h1>
      <p className="page-lede">
        Every user, group and service account that RBAC lets make a request, with each binding → role → rule that grants it.
      </p>
      {sources.length === 0 ? (
        <div className="empty-state">
          <h2>No data to ask yet</h2>
          <p>
            Load a snapshot first (<code>npx access-atlas snapshot --from DIR --source NAME</code>), then see the{' '}
            <Link href="/">overview</Link>.
          </p>
        </div>
      ) : (
        <WhoCanExplorer
          sources={sources}
          suggestions={suggestions}
          initial={{ search: canonicalSearch(toURLSearchParams(raw)), response: initialResponse }}
        />
      )}
    </>
  );
}
