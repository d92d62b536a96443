// GET /api/sources -> every source with its most recent snapshots (newest first).
import { connection, type NextRequest } from 'next/server';
import { z } from 'zod';
import { getStore } from '../../../lib/server/store-instance';

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
