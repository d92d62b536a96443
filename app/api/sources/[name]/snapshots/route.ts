// GET /api/sources/<name>/snapshots?limit=N -> {ok, snapshots} (newest first, the CLI's snapshot shape)
// POST /api/sources/<name>/snapshots -> 201 {ok, snapshot}: "snapshot now" (a failed run is recorded and returned too).
import { withRoute } from '../../../../../lib/server/http/with-route';
import { parseSnapshotLimit, listSnapshotsAnswer, snapshotNowAnswer } from '../../../../../lib/server/sources/source-api';
import { getStore } from '../../../../../lib/server/store-instance';

export const GET = withRoute<{ name: string }>(async ({ params, query }) => {
  const limit = parseSnapshotLimit(query.get('limit'));
  if (!limit.ok) return Response.json(limit.answer.body, { status: limit.answer.status });
  const { status, body } = await listSnapshotsAnswer(await getStore(), params.name, limit.limit);
  return Response.json(body, { status });
});

export const POST = withRoute<{ name: string }>(async ({ params }) => {
  const { status, body } = await snapshotNowAnswer(await getStore(), params.name);
  return Response.json(body, { status });
});
