import 'server-only';
// A source's credentials: validated, sealed (secret-box.ts) and stored as one blob per source.
// They are read only where a collector needs them; never sent to the browser, never logged.
import { z } from 'zod';
import type { Store } from '../store';
import { openSecret, sealSecret } from './secret-box';

export type SourceCredentials =
  | { kind: 'kubeconfig'; kubeconfig: string; context?: string }
  | { kind: 'ram-access-key'; accessKeyId: string; accessKeySecret: string; securityToken?: string };

export const sourceCredentialsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('kubeconfig'),
    kubeconfig: z.string().min(1, 'kubeconfig is empty').max(1_000_000, 'kubeconfig is larger than 1 MB'),
    context: z.string().min(1).optional(),
  }),
  z.object({
    kind: z.literal('ram-access-key'),
    accessKeyId: z.string().trim().min(1, 'accessKeyId is empty').max(200),
    accessKeySecret: z.string().min(1, 'accessKeySecret is empty').max(500),
    securityToken: z.string().min(1).max(10_000).optional(),
  }),
]) satisfies z.ZodType<SourceCredentials>;

/** Thrown when stored credentials cannot be opened or no longer validate; names the source, never the secret. */
export class SourceCredentialsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceCredentialsError';
  }
}

export async function readSourceCredentials(store: Store, sourceId: number): Promise<SourceCredentials | null> {
  const sealed = await store.credentials.get(sourceId);
  if (sealed === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(openSecret(sealed));
  } catch (error) {
    throw new SourceCredentialsError(`credentials of source ${sourceId}: ${error instanceof Error ? error.message : 'cannot be opened'}`);
  }
  const result = sourceCredentialsSchema.safeParse(parsed);
  if (!result.success) throw new SourceCredentialsError(`credentials of source ${sourceId} are not a kubeconfig or a RAM AccessKey`);
  return result.data;
}

export async function saveSourceCredentials(store: Store, sourceId: number, creds: SourceCredentials): Promise<void> {
  const valid = sourceCredentialsSchema.parse(creds);
  await store.credentials.put(sourceId, sealSecret(JSON.stringify(valid)));
}

export async function deleteSourceCredentials(store: Store, sourceId: number): Promise<boolean> {
  return store.credentials.delete(sourceId);
}
