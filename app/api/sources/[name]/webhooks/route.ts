// GET /api/sources/<name>/webhooks -> {ok, source, webhooks: [{id, format, host, createdAt}], deliveries: [...]}
// POST {url, format: 'json'|'slack'} -> 201 {ok, webhook}; DELETE ?id=N -> {ok, removed}.
// The URL is sealed at rest and never returned; only its host is shown.
// Refusals -> {"error": {code, param, message}}: a bad body, url, format or id 400 (invalid); an
// unknown source or webhook 404 (not-found); a malformed ACCESS_ATLAS_ALLOWED_TARGETS 500 (internal).
import { withRoute } from '../../../../../lib/server/http/with-route';
import { QuestionError } from '../../../../../lib/server/questions/errors';
import { addWebhookAnswer, listWebhooksAnswer, removeWebhookAnswer } from '../../../../../lib/server/webhooks/webhook-api';

export const GET = withRoute<{ name: string }>(
  async ({ params, store }) => {
    const { status, body } = await listWebhooksAnswer(store, params.name);
    return Response.json(body, { status });
  },
  { require: 'admin' },
);

export const POST = withRoute<{ name: string }>(
  async ({ params, body: input, store }) => {
    if (input === null) throw new QuestionError('invalid', 'body', 'the body must be a JSON object {url, format}');
    const { status, body } = await addWebhookAnswer(store, params.name, input);
    return Response.json(body, { status });
  },
  { require: 'admin', body: 'json' },
);

export const DELETE = withRoute<{ name: string }>(
  async ({ params, query, store }) => {
    const { status, body } = await removeWebhookAnswer(store, params.name, query.get('id'));
    return Response.json(body, { status });
  },
  { require: 'admin' },
);
