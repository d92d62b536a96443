'use client';

// The source's suppressions (revoked ones too, with their status decided by the server's clock), one
// hook and one query-key factory; the page's server render seeds the first answer.
import { useQuery } from '@tanstack/react-query';
import type { SuppressionView } from '../../lib/server/findings/suppression-api';
import { readAnswer, type Refused } from '../review/post-json';

export const suppressionKeys = {
  all: ['suppressions'] as const,
  source: (source: string) => [...suppressionKeys.all, source] as const,
};

export function suppressionsUrl(source: string): string {
  return `/api/sources/${encodeURIComponent(source)}/suppressions`;
}

interface ListAnswer {
  ok: true;
  now: string;
  suppressions: SuppressionView[];
}

export function useSuppressions(source: string, initial: { now: string; suppressions: SuppressionView[] }) {
  return useQuery<ListAnswer | Refused>({
    queryKey: suppressionKeys.source(source),
    queryFn: async ({ signal }) => readAnswer<ListAnswer>(await fetch(`${suppressionsUrl(source)}?includeRevoked=true`, { signal })),
    initialData: { ok: true, now: initial.now, suppressions: initial.suppressions },
  });
}
