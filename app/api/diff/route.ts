// GET /api/diff?source=NAME&from=SPEC&to=SPEC -> the CLI's `diff -o json`:
// {"objects": {"added", "removed", "changed"}, "permissions": {"gained", "lost"}, "notices"}.
// SPEC: a snapshot id, a date (YYYY-MM-DD), latest or latest~N. Missing params -> 400; an unknown
// source or snapshot -> 404.
import { z } from 'zod';
import { diffSource } from '../../../lib/server/drift';
import { withRoute } from '../../../lib/server/http/with-route';
import { SnapshotUnavailableError } from '../../../lib/server/snapshot-index';
import { getStore } from '../../../lib/server/store-instance';

const paramsSchema = z.object({ source: z.string().min(1), from: z.string().min(1), to: z.string().min(1) });

export const GET = withRoute(async ({ query }) => {
  const parsed = paramsSchema.safeParse({ source: query.get('source'), from: query.get('from'), to: query.get('to') });
  if (!parsed.success) {
    const param = String(parsed.error.issues[0]?.path[0] ?? 'source');
    return Response.json({ error: `${param} is required`, param }, { status: 400 });
  }
  try {
    const drift = await diffSource(await getStore(), parsed.data.source, parsed.data.from, parsed.data.to);
    return Response.json(drift.diff);
  } catch (error) {
    if (error instanceof SnapshotUnavailableError) return Response.json({ error: error.message }, { status: 404 });
    throw error;
  }
});
