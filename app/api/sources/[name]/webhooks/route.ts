// GET /api/sources/<name>/webhooks -> {ok, source, webhooks: [{id, format, host, createdAt}], deliveries: [...]}
// POST {url, format: 'json'|'slack'} -> 201 {ok, webhook}; DELETE ?id=N -> {ok, removed}.
// The URL is sealed at rest and never returned; only its host is shown.
import type { NextRequest } from 'next/server';
import { getStore } from '../../../../../lib/server/store-instance';
import { addWebhookAnswer, listWebhooksAnswer, removeWebhookAnswer } from '../../../../../lib/server/webhooks/webhook-api';

interface Context {
  params: Promise<{ name: string }>;
}

export async function GET(_request: NextRequest, context: Context): Promise<Response> {
  const { name } = await context.params;
  const { status, body } = await listWebhooksAnswer(await getStore(), name);
  return Response.json(body, { status });
}

export async function POST(request: NextRequest, context: Context): Promise<Response> {
  const { name } = await context.params;
  const input: unknown = await request.json().catch(() => null);
  if (input === null) return Response.json({ ok: false, param: 'body', error: 'the body must be a JSON object {url, format}' }, { status: 400 });
  const { status, body } = await addWebhookAnswer(await getStore(), name, input);
  return Response.json(body, { status });
}

export async function DELETE(request: NextRequest, context: Context): Promise<Response> {
  const { name } = await context.params;
  const { status, body } = await removeWebhookAnswer(await getStore(), name, request.nextUrl.searchParams.get('id'));
  return Response.json(body, { status });
}
