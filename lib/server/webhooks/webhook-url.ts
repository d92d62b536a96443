import 'server-only';
// A webhook URL is a secret (Slack's incoming-webhook URLs carry the token in their path), so it
// is validated here, sealed at rest, and only ever shown by its host.
//
// It is also a request the server makes on someone's behalf: a URL naming 169.254.169.254, a
// database on 127.0.0.1:5432 or an internal service would let whoever adds a webhook reach what
// only the server can. So its host must be a public address unless ACCESS_ATLAS_ALLOWED_TARGETS
// names it (lib/collect/net/target-guard.ts). This check at add time gives a clear answer early;
// delivery (deliver.ts) checks again, on the address it actually connects to.
import { z } from 'zod';
import { checkUrlTarget, type TargetPolicy } from '../../collect/net/target-guard';

const MAX_URL_LENGTH = 2000;

/** Null when the URL may be stored as a webhook; else why not, starting with `webhook URL`. */
export function webhookUrlProblem(text: string, policy: TargetPolicy): string | null {
  if (!URL.canParse(text)) return 'webhook URL is not a valid URL';
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'webhook URL must start with http:// or https://';
  if (url.username !== '' || url.password !== '') return 'webhook URL must not carry a user name or password';
  const refusal = checkUrlTarget(url, policy);
  return refusal === null ? null : `webhook URL: ${refusal}`;
}

export function webhookUrlSchemaFor(policy: TargetPolicy) {
  return z
    .string()
    .trim()
    .max(MAX_URL_LENGTH, `webhook URL is longer than ${MAX_URL_LENGTH} characters`)
    .superRefine((text, ctx) => {
      const problem = webhookUrlProblem(text, policy);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    });
}

/** The host (and port) of a webhook URL: all that is ever shown of it. */
export function webhookHost(url: string): string {
  return URL.canParse(url) ? new URL(url).host : 'invalid URL';
}
