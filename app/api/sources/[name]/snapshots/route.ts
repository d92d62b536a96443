// GET /api/sources/<name>/snapshots?limit=N -> {ok, snapshots} (newest first, the CLI's snapshot shape)
// POST /api/sources/<name>/snapshots -> 201 {ok, snapshot}: "snapshot now" (a failed run is recorded and returned too).
import type { NextRequest } from 'next/server';
import { parseSnapshotLimit, listSnapshotsAnswer, snapshotNowAnswer } from '../../../../../lib/server/sources/source-api';
import { getStore } from '../../../../../lib/server/store-instance';

interface Context {
  params: Promise<{ name: string }>;
}

export async function GET(request: NextRequest, context: Context): Promise<Response> {
  const { name } = await context.params;
  const limit = parseSnapshotLimit(request.nextUrl.searchParams.get('limit'));
  if (!limit.ok) return Response.json(limit.answer.body, { status: limit.answer.status });
  const { status, body } = await listSnapshotsAnswer(await getStore(), name, limit.limit);
  return Response.json(body, { status });
}

export async function POST(_request: NextRequest, context: Context): Promise<Response> {
  const { name } = await context.params;
  const { status, body } = await snapshotNowAnswer(await getStore(), name);
  return Response.json(body, { status });
}
