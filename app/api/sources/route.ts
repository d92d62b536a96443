// GET /api/sources?limit=N -> every source with its N most recent snapshots (newest first; 20 by default).
// POST /api/sources (multipart: name, mode, mode's fields, files; snapshot=1 to take the first one)
//   -> 201 {ok, source, snapshot?}.
// Refusals -> {"error": {code, param, message}}: a bad limit or field 400 (invalid); a name already
// taken 409 (conflict); an upload its collector cannot read 422 (unprocessable); the server's own
// setup at fault 500 (internal).
// Outside proxy.ts's matcher (an upload): the wrapper alone guards it and streams the body under UPLOAD_BODY_LIMIT.
import { connection } from 'next/server';
import { withRoute } from '../../../lib/server/http/with-route';
import { createSourceAnswer, parseSnapshotLimit } from '../../../lib/server/sources/source-api';
import { UPLOAD_BODY_LIMIT } from './upload-limit';

export const GET = withRoute(
  async ({ query, store }) => {
    await connection();
    const limit = parseSnapshotLimit(query.get('limit'), 20);
    const sources = await store.listSources();
    const body = await Promise.all(
      sources.map(async (source) => ({ ...source, snapshots: await store.listSnapshots(source.id, { limit }) })),
    );
    return Response.json({ sources: body });
  },
  { require: 'viewer' },
);

export const POST = withRoute(
  async ({ body: form, store }) => {
    const { status, body } = await createSourceAnswer(store, form);
    return Response.json(body, { status });
  },
  { require: 'admin', body: 'multipart', maxBytes: UPLOAD_BODY_LIMIT },
);
