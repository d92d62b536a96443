'use client';

// Severity marks of one snapshot (GET /api/findings/marks), for the who-can results and the graph: one hook, one
// query-key factory. The page's server render seeds the marks of the snapshot it answered from.
import { useQuery } from '@tanstack/react-query';
import type { FindingMarks } from '../../lib/server/findings/marks';

export const findingMarkKeys = {
  all: ['finding-marks'] as const,
  snapshot: (snapshotId: number) => [...findingMarkKeys.all, snapshotId] as const,
};

async function fetchMarks(snapshotId: number, signal: AbortSignal): Promise<FindingMarks | null> {
  const response = await fetch(`/api/findings/marks?snapshot=${snapshotId}`, { signal, headers: { accept: 'application/json' } });
  // Marks are an aside to the answer: a snapshot that cannot give them (or a server error) shows none.
  if (!response.ok) return null;
  return (await response.json()) as FindingMarks;
}

/** Marks of a snapshot; none asked while `snapshotId` is null (nothing drawn or answered yet). */
export function useFindingMarks(snapshotId: number | null, initial: FindingMarks | null) {
  return useQuery({
    queryKey: findingMarkKeys.snapshot(snapshotId ?? -1),
    queryFn: ({ signal }) => (snapshotId === null ? Promise.resolve(null) : fetchMarks(snapshotId, signal)),
    initialData: initial !== null && initial.snapshotId === snapshotId ? initial : undefined,
    enabled: snapshotId !== null,
    staleTime: 30_000,
  });
}
