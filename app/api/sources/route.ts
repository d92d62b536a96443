// GET /api/sources -> every source with its most recent snapshots (newest first).
// POST /api/sources (multipart: name, mode, mode's fields, files; snapshot=1 to take the first one)
//   -> 201 {ok, source, snapshot?}; a bad field -> 400/409/422 {ok: false, param, error}.
import { connection, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getStore } from '../../../lib/server/store-instance';
import { createSourceAnswer } from '../../../lib/server/sources/source-api';

const limitSchema = z.coerce.number().int().min(1).max(500).default(20);

export async function GET(request: NextRequest): Promise<Response> {
  await connection();
  const limit = limitSchema.safeParse(request.nextUrl.searchParams.get('limit') ?? undefined);
  if (!limit.success) return Response.json({ error: 'limit must be a whole number from 1 to 500', param: 'limit' }, { status: 400 });
  const store = await getStore();
  const sources = await store.listSources();
  const body = await Promise.all(
    sources.map(async (source) => ({ ...source, snapshots: await store.listSnapshots(source.id, { limit: limit.data }) })),
  );
  return Response.json({ sources: body });
}

export async function POST(request: NextRequest): Promise<Response> {
  const form = await request.formData().catch(() => null);
  if (form === null) return Response.json({ ok: false, param: 'body', error: 'the body must be multipart/form-data with name, mode and its fields' }, { status: 400 });
  const { status, body } = await createSourceAnswer(await getStore(), form);
  return Response.json(body, { status });
}
