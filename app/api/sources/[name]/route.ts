// GET /api/sources/<name>?limit=N -> {ok, source: {name, kind, connection (described), runnable, hasCredentials}, snapshots}
// DELETE /api/sources/<name> -> {ok, deleted}: the source, its snapshots, credentials, schedule, webhooks and uploads.
import type { NextRequest } from 'next/server';
import { parseSnapshotLimit, deleteSourceAnswer, getSourceAnswer } from '../../../../lib/server/sources/source-api';
import { getStore } from '../../../../lib/server/store-instance';

interface Context {
  params: Promise<{ name: string }>;
}

export async function GET(request: NextRequest, context: Context): Promise<Response> {
  const { name } = await context.params;
  const limit = parseSnapshotLimit(request.nextUrl.searchParams.get('limit'));
  if (!limit.ok) return Response.json(limit.answer.body, { status: limit.answer.status });
  const { status, body } = await getSourceAnswer(await getStore(), name, limit.limit);
  return Response.json(body, { status });
}

export async function DELETE(_request: NextRequest, context: Context): Promise<Response> {
  const { name } = await context.params;
  const { status, body } = await deleteSourceAnswer(await getStore(), name);
  return Response.json(body, { status });
}
