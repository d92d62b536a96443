import type { Metadata } from 'next';
import Link from 'next/link';
import { pageStore } from '../../lib/server/auth/page-access';
import { hasWhoCanQuestion } from '../../lib/server/questions/who-can';
import { QuestionError } from '../../lib/server/questions/errors';
import { askRamWhoCan, parseRamParams } from '../../lib/server/ram-question';
import { canonicalSearch, toURLSearchParams } from '../../components/who-can/form-values';
import { WhoCanExplorer } from '../../components/who-can/who-can-explorer';
import { RamWhoCan, type RamResponse } from '../../components/who-can/ram-who-can';
import { ramSearch } from '../../components/who-can/ram-search';
import { answerWhoCanView } from '../../lib/server/questions/who-can-view';
import { listSourceOptions, querySuggestions } from '../../lib/server/questions/source-options';
import { loadFindingMarks, type FindingMarks } from '../../lib/server/findings/marks';
import type { Store } from '../../lib/store';
import type { WhoCanViewResponse } from '../../lib/server/questions/who-can-view';

export const metadata: Metadata = { title: 'Who can' };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function WhoCanPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const isCloud = raw.mode === 'cloud';
  return (
    <>
      <h1>Who can</h1>
      <p className="page-lede">
        {isCloud
          ? 'Every RAM user, group and role, and every linked Kubernetes service account, that the account’s policies allow an action, with the path and conditions of each grant.'
          : 'Every user, group and service account that RBAC lets make a request, with each binding → role → rule that grants it.'}
      </p>
      <nav className="tabs" aria-label="Layer">
        <Link className="tab" href="/who-can" aria-current={isCloud ? undefined : 'page'}>
          Kubernetes (RBAC)
        </Link>
        <Link className="tab" href="/who-can?mode=cloud" aria-current={isCloud ? 'page' : undefined}>
          Cloud (RAM)
        </Link>
      </nav>
      {isCloud ? <CloudMode raw={raw} /> : <ClusterMode raw={raw} />}
    </>
  );
}

async function ClusterMode({ raw }: { raw: SearchParams }) {
  const store = await pageStore();
  const sources = (await listSourceOptions(store)).filter((s) => s.kind === 'cluster');
  const chosenSource = typeof raw.source === 'string' ? sources.find((s) => s.name === raw.source) : sources[0];
  const [suggestions, initialResponse] = await Promise.all([
    querySuggestions(store, chosenSource),
    hasWhoCanQuestion(raw) ? answerWhoCanView(store, raw, 'first') : Promise.resolve(null),
  ]);
  const initialMarks = await marksFor(store, initialResponse);
  if (sources.length === 0) {
    return (
      <div className="empty-state">
        <h2>No data to ask yet</h2>
        <p>
          Load a snapshot first (<code>npx access-atlas snapshot --from DIR --source NAME</code>), then see the{' '}
          <Link href="/">overview</Link>.
        </p>
      </div>
    );
  }
  return (
    <WhoCanExplorer
      sources={sources}
      suggestions={suggestions}
      initial={{ search: canonicalSearch(toURLSearchParams(raw)), response: initialResponse }}
      initialMarks={initialMarks}
    />
  );
}

/** The severity marks of the snapshot that answered, or none: marks are an aside, never a reason to refuse the answer. */
async function marksFor(store: Store, response: WhoCanViewResponse | null): Promise<FindingMarks | null> {
  if (!response?.ok) return null;
  const snapshot = await store.getSnapshot(response.view.snapshot.id);
  if (!snapshot) return null;
  try {
    return await loadFindingMarks(store, snapshot);
  } catch (error) {
    if (error instanceof QuestionError) return null;
    throw error;
  }
}

async function CloudMode({ raw }: { raw: SearchParams }) {
  const store = await pageStore();
  const cloudSources = (await store.listSources()).filter((s) => s.kind === 'cloud-account').map((s) => s.name);
  const params = toURLSearchParams(raw);
  const search = ramSearch(params);
  let response: RamResponse | null = null;
  if (params.has('action') || params.has('resource')) {
    const parsed = parseRamParams(new URLSearchParams(search), false);
    if (!parsed.ok) response = { ok: false, param: parsed.param, error: parsed.error };
    else {
      try {
        response = { ok: true, answer: (await askRamWhoCan(store, parsed.query, 'first')).answer };
      } catch (error) {
        if (!(error instanceof QuestionError)) throw error;
        response = { ok: false, param: error.param ?? 'query', error: error.message };
      }
    }
  }
  return <RamWhoCan cloudSources={cloudSources} initial={{ search, response }} />;
}
