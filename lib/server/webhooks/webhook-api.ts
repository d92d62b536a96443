import 'server-only';
// GET/POST/DELETE /api/sources/<name>/webhooks, without Next; a refusal is thrown naming its
// parameter (the route wrapper sends the envelope). The URL is sealed before it is stored and never
// returned: answers show its host only.
import { z } from 'zod';
import { AllowedTargetsError, targetPolicyFromEnv, type TargetPolicy } from '../../collect/net/target-guard';
import type { Store } from '../../store';
import { WEBHOOK_FORMATS, type Webhook, type WebhookDelivery } from '../../store/webhooks';
import { HttpError } from '../http/http-error';
import { QuestionError } from '../questions/errors';
import type { ApiAnswer } from '../scheduler/schedule-api';
import { openSecret, sealSecret } from '../secret-box';
import { sourceNamed } from '../sources/source-named';
import { webhookHost, webhookUrlSchemaFor } from './webhook-url';

export function webhookCreateSchemaFor(policy: TargetPolicy) {
  return z.object({ url: webhookUrlSchemaFor(policy), format: z.enum(WEBHOOK_FORMATS).default('json') });
}

export interface AddWebhookOptions {
  /** Which targets a URL may name; default: ACCESS_ATLAS_ALLOWED_TARGETS. */
  policy?: TargetPolicy;
}
const webhookIdSchema = z.coerce.number().int().positive();

function hostOf(webhook: Webhook): string {
  try {
    return webhookHost(openSecret(webhook.sealedUrl));
  } catch {
    return 'unreadable (sealed with another key)';
  }
}

function webhookView(webhook: Webhook) {
  return { id: webhook.id, format: webhook.format, host: hostOf(webhook), createdAt: webhook.createdAt.toISOString() };
}

function deliveryView(d: WebhookDelivery) {
  return {
    id: d.id,
    webhookId: d.webhookId,
    snapshotId: d.snapshotId,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    lastError: d.lastError,
    nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

export async function listWebhooksAnswer(store: Store, sourceName: string): Promise<ApiAnswer> {
  const source = await sourceNamed(store, sourceName);
  const [webhooks, deliveries] = await Promise.all([store.webhooks.list(source.id), store.webhooks.listDeliveries(source.id, 20)]);
  return {
    status: 200,
    body: { ok: true, source: source.name, webhooks: webhooks.map(webhookView), deliveries: deliveries.map(deliveryView) },
  };
}

export async function addWebhookAnswer(store: Store, sourceName: string, input: unknown, opts: AddWebhookOptions = {}): Promise<ApiAnswer> {
  let policy: TargetPolicy;
  try {
    policy = opts.policy ?? targetPolicyFromEnv();
  } catch (error) {
    // The server's configuration is wrong, not the request: say which variable.
    if (error instanceof AllowedTargetsError) throw new HttpError('internal', error.variable, error.message);
    throw error;
  }
  const source = await sourceNamed(store, sourceName);
  const parsed = webhookCreateSchemaFor(policy).safeParse(input);
  if (!parsed.success) {
    const param = parsed.error.issues[0]?.path[0];
    throw new QuestionError('invalid', typeof param === 'string' ? param : 'body', z.prettifyError(parsed.error));
  }
  const webhook = await store.webhooks.add(source.id, parsed.data.format, sealSecret(parsed.data.url));
  return { status: 201, body: { ok: true, webhook: webhookView(webhook) } };
}

export async function removeWebhookAnswer(store: Store, sourceName: string, idText: string | null): Promise<ApiAnswer> {
  const id = webhookIdSchema.safeParse(idText ?? undefined);
  if (!id.success) throw new QuestionError('invalid', 'id', "id must be the number of one of the source's webhooks");
  const source = await sourceNamed(store, sourceName);
  const removed = await store.webhooks.remove(source.id, id.data);
  if (!removed) throw new QuestionError('not-found', 'id', `source "${source.name}" has no webhook ${id.data}`);
  return { status: 200, body: { ok: true, removed: id.data } };
}
