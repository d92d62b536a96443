// GET /api/sources/<name>/snapshots?limit=N -> {ok, snapshots} (newest first, the CLI's snapshot shape)
// POST /api/sources/<name>/snapshots -> 201 {ok, snapshot}: "snapshot now" (a failed run is recorded and returned too).
// Refusals -> {"error": {code, param, message}}: a bad limit 400 (invalid); an unknown source 404
// (not-found); a source the dashboard does not run (made by the CLI from a server kubeconfig, or
// stored under a name the rule now refuses) 409 (conflict).
import { withRoute } from '../../../../../lib/server/http/with-route';
import { parseSnapshotLimit, listSnapshotsAnswer, snapshotNowAnswer } from '../../../../../lib/server/sources/source-api';

export const GET = withRoute<{ name: string }>(
  async ({ params, query, store }) => {
    const limit = parseSnapshotLimit(query.get('limit'));
    const { status, body } = await listSnapshotsAnswer(store, params.name, limit);
    return Response.json(body, { status });
  },
  { require: 'viewer' },
);

export const POST = withRoute<{ name: string }>(
  async ({ params, store }) => {
    const { status, body } = await snapshotNowAnswer(store, params.name);
    return Response.json(body, { status });
  },
  { require: 'admin' },
);
