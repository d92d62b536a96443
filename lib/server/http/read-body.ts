// Request bodies read as a stream and refused at a byte limit, before more than the limit is held
// in memory. `request.formData()` and `request.json()` buffer the whole body first, whatever its size.
import { refusal, type HttpRefusal } from './http-error';

export type BodyBytes = { ok: true; chunks: Uint8Array[]; size: number } | { ok: false; refusal: HttpRefusal };

function tooLarge(maxBytes: number): HttpRefusal {
  return refusal('payload-too-large', 'body', `the body is larger than the limit of ${formatBytes(maxBytes)}`);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * The body's bytes, or a 413 refusal as soon as the count passes `maxBytes` (at once when
 * Content-Length already says so). On refusal the rest of the body is left unread.
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<BodyBytes> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^[0-9]+$/.test(declared.trim()) && Number(declared) > maxBytes)
    return { ok: false, refusal: tooLarge(maxBytes) };
  if (request.body === null) return { ok: true, chunks: [], size: 0 };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { ok: true, chunks, size };
    size += value.byteLength;
    if (size > maxBytes) {
      reader.releaseLock();
      return { ok: false, refusal: tooLarge(maxBytes) };
    }
    chunks.push(value);
  }
}

/** JSON nested deeper than this is refused: no API body needs more than a few levels. */
export const MAX_JSON_DEPTH = 32;

/** How deep a parsed JSON value nests (a scalar is 0), walked without recursion. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop();
    if (!top || typeof top.value !== 'object' || top.value === null) continue;
    const depth = top.depth + 1;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(top.value)) stack.push({ value: child, depth });
  }
  return deepest;
}

export type ParsedBody<T> = { ok: true; value: T } | { ok: false; refusal: HttpRefusal };

/** UTF-8 JSON, at most MAX_JSON_DEPTH deep. An empty body is refused like any other invalid one. */
export function parseJsonBody(chunks: readonly Uint8Array[]): ParsedBody<unknown> {
  let value: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    value = JSON.parse(text);
  } catch {
    return { ok: false, refusal: refusal('invalid', 'body', 'the body is not valid UTF-8 JSON') };
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH)
    return { ok: false, refusal: refusal('invalid', 'body', `the body nests deeper than ${MAX_JSON_DEPTH} levels`) };
  return { ok: true, value };
}

/** multipart/form-data, parsed from bytes already counted against the limit. */
export async function parseMultipartBody(chunks: readonly Uint8Array[], contentType: string): Promise<ParsedBody<FormData>> {
  try {
    const form = await new Response(new Blob(chunks as Uint8Array<ArrayBuffer>[]), { headers: { 'content-type': contentType } }).formData();
    return { ok: true, value: form };
  } catch {
    return { ok: false, refusal: refusal('invalid', 'body', 'the body is not valid multipart/form-data') };
  }
}
