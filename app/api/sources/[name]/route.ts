// GET /api/sources/<name>?limit=N -> {ok, source: {name, kind, connection (described), runnable, hasCredentials}, snapshots}
// DELETE /api/sources/<name> -> {ok, deleted}: the source, its snapshots, credentials, schedule, webhooks and uploads.
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { deleteSourceAnswer, getSourceAnswer } from '../../../../lib/server/sources/source-api';
import { getStore } from '../../../../lib/server/store-instance';

interface Context {
  params: Promise<{ name: string }>;
}

const limitSchema = z.coerce.number().int().min(1).max(500).default(50);

export async function GET(request: NextRequest, context: Context): Promise<Response> {
  const { name } = await context.params;
  const limit = limitSchema.safeParse(request.nextUrl.searchParams.get('limit') ?? undefined);
  if (!limit.success) return Response.json({ ok: false, param: 'limit', error: 'limit must be a whole number from 1 to 500' }, { status: 400 });
  const { status, body } = await getSourceAnswer(await getStore(), name, limit.data);
  return Response.json(body, { status });
}

export async function DELETE(_request: NextRequest, context: Context): Promise<Response> {
  const { name } = await context.params;
  const { status, body } = await deleteSourceAnswer(await getStore(), name);
  return Response.json(body, { status });
}
