// GET /api/sources -> every source with its most recent snapshots (newest first).
// POST /api/sources (multipart: name, mode, mode's fields, files; snapshot=1 to take the first one)
//   -> 201 {ok, source, snapshot?}; a bad field -> 400/409/422 {ok: false, param, error}.
// Outside proxy.ts's matcher (an upload): the wrapper alone guards it and streams the body under UPLOAD_BODY_LIMIT.
import { connection } from 'next/server';
import { z } from 'zod';
import { withRoute } from '../../../lib/server/http/with-route';
import { getStore } from '../../../lib/server/store-instance';
import { createSourceAnswer } from '../../../lib/server/sources/source-api';
import { UPLOAD_BODY_LIMIT } from './upload-limit';

const limitSchema = z.coerce.number().int().min(1).max(500).default(20);

export const GET = withRoute(async ({ query }) => {
  await connection();
  const limit = limitSchema.safeParse(query.get('limit') ?? undefined);
  if (!limit.success) return Response.json({ error: 'limit must be a whole number from 1 to 500', param: 'limit' }, { status: 400 });
  const store = await getStore();
  const sources = await store.listSources();
  const body = await Promise.all(
    sources.map(async (source) => ({ ...source, snapshots: await store.listSnapshots(source.id, { limit: limit.data }) })),
  );
  return Response.json({ sources: body });
});

export const POST = withRoute(
  async ({ body: form }) => {
    const { status, body } = await createSourceAnswer(await getStore(), form);
    return Response.json(body, { status });
  },
  { body: 'multipart', maxBytes: UPLOAD_BODY_LIMIT },
);
