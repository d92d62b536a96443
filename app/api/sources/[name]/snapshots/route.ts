// GET /api/sources/<name>/snapshots?limit=N -> {ok, snapshots} (newest first, the CLI's snapshot shape)
// POST /api/sources/<name>/snapshots -> 201 {ok, snapshot}: "snapshot now" (a failed run is recorded and returned too).
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { listSnapshotsAnswer, snapshotNowAnswer } from '../../../../../lib/server/sources/source-api';
import { getStore } from '../../../../../lib/server/store-instance';

interface Context {
  params: Promise<{ name: string }>;
}

const limitSchema = z.coerce.number().int().min(1).max(500).default(50);

export async function GET(request: NextRequest, context: Context): Promise<Response> {
  const { name } = await context.params;
  const limit = limitSchema.safeParse(request.nextUrl.searchParams.get('limit') ?? undefined);
  if (!limit.success) return Response.json({ ok: false, param: 'limit', error: 'limit must be a whole number from 1 to 500' }, { status: 400 });
  const { status, body } = await listSnapshotsAnswer(await getStore(), name, limit.data);
  return Response.json(body, { status });
}

export async function POST(_request: NextRequest, context: Context): Promise<Response> {
  const { name } = await context.params;
  const { status, body } = await snapshotNowAnswer(await getStore(), name);
  return Response.json(body, { status });
}
