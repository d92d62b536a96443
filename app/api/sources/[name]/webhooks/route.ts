// GET /api/sources/<name>/webhooks -> {ok, source, webhooks: [{id, format, host, createdAt}], deliveries: [...]}
// POST {url, format: 'json'|'slack'} -> 201 {ok, webhook}; DELETE ?id=N -> {ok, removed}.
// The URL is sealed at rest and never returned; only its host is shown.
import { withRoute } from '../../../../../lib/server/http/with-route';
import { getStore } from '../../../../../lib/server/store-instance';
import { addWebhookAnswer, listWebhooksAnswer, removeWebhookAnswer } from '../../../../../lib/server/webhooks/webhook-api';

export const GET = withRoute<{ name: string }>(async ({ params }) => {
  const { status, body } = await listWebhooksAnswer(await getStore(), params.name);
  return Response.json(body, { status });
});

export const POST = withRoute<{ name: string }>(
  async ({ params, body: input }) => {
    if (input === null)
      return Response.json({ ok: false, param: 'body', error: 'the body must be a JSON object {url, format}' }, { status: 400 });
    const { status, body } = await addWebhookAnswer(await getStore(), params.name, input);
    return Response.json(body, { status });
  },
  { body: 'json' },
);

export const DELETE = withRoute<{ name: string }>(async ({ params, query }) => {
  const { status, body } = await removeWebhookAnswer(await getStore(), params.name, query.get('id'));
  return Response.json(body, { status });
});
