import 'server-only';
// A webhook URL is a secret (Slack's incoming-webhook URLs carry the token in their path), so it
// is validated here, sealed at rest, and only ever shown by its host.
import { z } from 'zod';

export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000, 'webhook URL is longer than 2000 characters')
  .refine((text) => URL.canParse(text), 'webhook URL is not a valid URL')
  .refine((text) => ['http:', 'https:'].includes(new URL(text).protocol), 'webhook URL must start with http:// or https://')
  .refine((text) => new URL(text).username === '' && new URL(text).password === '', 'webhook URL must not carry a user name or password');

/** The host (and port) of a webhook URL: all that is ever shown of it. */
export function webhookHost(url: string): string {
  return URL.canParse(url) ? new URL(url).host : 'invalid URL';
}
