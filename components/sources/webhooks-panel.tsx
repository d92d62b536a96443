'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, type FormEvent } from 'react';
import { apiFetch } from '../api-fetch';
import { formatTime } from '../format';
import { readAnswer, type Refused } from '../review/post-json';
import { fieldText } from './field-text';

export interface WebhookView {
  id: number;
  format: string;
  host: string;
  createdAt: string;
}

interface ListAnswer {
  ok: true;
  webhooks: WebhookView[];
}

interface ChangeAnswer {
  ok: true;
}

/** Webhooks told about each new snapshot (through the webhooks route); the URL itself is sealed and only its host shown. */
export function WebhooksPanel({ sourceName, initial }: { sourceName: string; initial: WebhookView[] | null }) {
  const id = useId();
  const url = `/api/sources/${encodeURIComponent(sourceName)}/webhooks`;
  const client = useQueryClient();
  const key = ['webhooks', sourceName];
  const list = useQuery({
    queryKey: key,
    queryFn: async () => readAnswer<ListAnswer>(await fetch(url)),
    initialData: initial ? { ok: true as const, webhooks: initial } : undefined,
    staleTime: 0,
  });
  const add = useMutation({
    mutationFn: async (body: { url: string; format: string }) =>
      readAnswer<ChangeAnswer>(
        await apiFetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  const remove = useMutation({
    mutationFn: async (webhookId: number) => readAnswer<ChangeAnswer>(await apiFetch(`${url}?id=${webhookId}`, { method: 'DELETE' })),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    add.mutate({ url: fieldText(form, 'url'), format: fieldText(form, 'format') || 'json' });
  }
  const webhooks = list.data?.ok ? list.data.webhooks : [];
  const refused: Refused | null = add.data && !add.data.ok ? add.data : null;
  return (
    <div className="card-body">
      {list.data && !list.data.ok ? (
        <p className="muted">{list.data.error.message}</p>
      ) : webhooks.length === 0 ? (
        <p className="muted">No webhooks. Add one to be told (JSON or Slack) when a snapshot changes who can do what.</p>
      ) : (
        <table className="data" aria-label={`Webhooks of ${sourceName}`}>
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">Format</th>
              <th scope="col">Added</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {webhooks.map((w) => (
              <tr key={w.id}>
                <th scope="row">{w.host}</th>
                <td>{w.format}</td>
                <td className="nowrap">{formatTime(w.createdAt)}</td>
                <td>
                  <button
                    type="button"
                    className="button-secondary button-small"
                    onClick={() => remove.mutate(w.id)}
                    disabled={remove.isPending}
                    aria-label={`Remove webhook to ${w.host}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="webhook-form section-gap" onSubmit={onSubmit} aria-label="Add webhook">
        <div className="field">
          <label htmlFor={`${id}-url`}>Webhook URL</label>
          <input
            id={`${id}-url`}
            name="url"
            type="url"
            placeholder="https://hooks.example.com/…"
            autoComplete="off"
            aria-invalid={refused?.error.param === 'url' ? true : undefined}
          />
        </div>
        <div className="field field-narrow">
          <label htmlFor={`${id}-format`}>Format</label>
          <select id={`${id}-format`} name="format" defaultValue="json">
            <option value="json">JSON</option>
            <option value="slack">Slack</option>
          </select>
        </div>
        <button type="submit" className="button-secondary" disabled={add.isPending}>
          Add webhook
        </button>
        <span role="status" className="inline-status" data-tone={refused ? 'bad' : undefined}>
          {refused ? refused.error.message : ''}
        </span>
      </form>
    </div>
  );
}
