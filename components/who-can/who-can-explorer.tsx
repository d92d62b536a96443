'use client';

import { useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import type { WhoCanViewResponse } from '../../lib/server/questions/who-can-view';
import type { FindingMarks } from '../../lib/server/findings/marks';
import { canonicalSearch, formValuesFromParams, hasQuestion, paramsFromFormValues, type FormValues } from './form-values';
import type { QuerySuggestions, SourceOption } from '../../lib/server/questions/source-option-types';
import { useWhoCanView } from './use-who-can-view';
import { WhoCanForm } from './who-can-form';
import { WhoCanResults } from './who-can-results';

const ERROR_ID = 'who-can-error';

/** The question without its source (the graph link names the source on its own). */
function questionSearch(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('source');
  return params.toString();
}

export interface WhoCanExplorerProps {
  sources: SourceOption[];
  suggestions: QuerySuggestions;
  /** The server's answer for the URL the page was rendered with (canonical search string). */
  initial: { search: string; response: WhoCanViewResponse | null };
  /** Severity marks of the initial answer's snapshot (the who-can results show them beside each subject). */
  initialMarks?: FindingMarks | null;
}

export function WhoCanExplorer({ sources, suggestions, initial, initialMarks = null }: WhoCanExplorerProps) {
  const searchParams = useSearchParams();
  const search = canonicalSearch(new URLSearchParams(searchParams.toString()));
  const isAsking = hasQuestion(new URLSearchParams(search));
  const defaultSource = sources[0]?.name ?? '';
  const values = useMemo(() => formValuesFromParams(new URLSearchParams(search), defaultSource), [search, defaultSource]);
  const query = useWhoCanView(search, isAsking, initial);

  const submit = (next: FormValues) => {
    const params = paramsFromFormValues(next);
    if (canonicalSearch(params) === search) return; // same question: the answer is already shown
    // Native pushState updates useSearchParams without a server round trip; react-query fetches.
    window.history.pushState(null, '', `?${params.toString()}`);
  };

  const response = isAsking ? query.data : undefined;
  const failure = response && !response.ok ? response : null;
  return (
    <>
      <WhoCanForm
        values={values}
        sources={sources}
        suggestions={suggestions}
        invalidField={failure?.field ?? null}
        errorId={ERROR_ID}
        isBusy={query.isFetching}
        onSubmit={submit}
      />
      <div aria-live="polite" aria-busy={query.isFetching}>
        {failure && (
          <p className="banner banner-error" role="alert" id={ERROR_ID}>
            <strong>Cannot answer:</strong> {failure.error}
          </p>
        )}
        {query.error && (
          <p className="banner banner-error" role="alert" id={ERROR_ID}>
            {query.error.message}
          </p>
        )}
        {response?.ok && (
          <WhoCanResults
            view={response.view}
            jsonHref={`/api/who-can?${search}`}
            questionSearch={questionSearch(search)}
            initialMarks={initialMarks}
          />
        )}
        {!isAsking && <p className="muted">Fill in a verb and a resource (or a non-resource URL), then choose Ask.</p>}
      </div>
    </>
  );
}
