import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonDepth, MAX_JSON_DEPTH, parseJsonBody, parseMultipartBody, readBodyBytes } from './read-body';

const MiB = 1024 * 1024;

/** A body that would produce `total` bytes in 64 KiB chunks, counting how much was pulled from it. */
function countingBody(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let produced = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (produced >= total) return controller.close();
        produced += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => produced };
}

function post(body: ReadableStream<Uint8Array> | string, headers: Record<string, string> = {}): Request {
  return new Request('http://127.0.0.1/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
}

describe('readBodyBytes', () => {
  test('a 50 MiB stream is refused at a 1 MiB limit after pulling little more than the limit', async () => {
    const body = countingBody(50 * MiB);
    const result = await readBodyBytes(post(body.stream), MiB);
    assert.equal(result.ok, false);
    assert.equal(result.ok ? null : result.refusal.code, 'payload-too-large');
    assert.match(result.ok ? '' : result.refusal.message, /1 MiB/);
    assert.ok(body.pulled() <= MiB + 2 * 64 * 1024, `pulled ${body.pulled()} bytes`);
  });

  test('a Content-Length over the limit is refused before any byte is read', async () => {
    const body = countingBody(50 * MiB);
    const result = await readBodyBytes(post(body.stream, { 'content-length': String(50 * MiB) }), MiB);
    assert.equal(result.ok ? null : result.refusal.code, 'payload-too-large');
    assert.equal(body.pulled(), 0);
  });

  test('a body at the limit is read whole', async () => {
    const body = countingBody(MiB);
    const result = await readBodyBytes(post(body.stream), MiB);
    assert.ok(result.ok);
    assert.equal(result.size, MiB);
    assert.equal(Buffer.concat(result.chunks).length, MiB);
  });

  test('no body: nothing', async () => {
    const result = await readBodyBytes(new Request('http://127.0.0.1/x', { method: 'DELETE' }), 10);
    assert.deepEqual(result, { ok: true, chunks: [], size: 0 });
  });
});

describe('parseJsonBody', () => {
  const bytes = (text: string) => [new TextEncoder().encode(text)];
  test('an object', () => assert.deepEqual(parseJsonBody(bytes('{"by":"ana"}')), { ok: true, value: { by: 'ana' } }));
  test('not JSON, empty, or not UTF-8: invalid, naming the body', () => {
    for (const body of [bytes('by=ana'), bytes(''), [new Uint8Array([0x7b, 0xff, 0x7d])]]) {
      const parsed = parseJsonBody(body);
      assert.deepEqual(parsed.ok ? null : [parsed.refusal.code, parsed.refusal.param], ['invalid', 'body']);
    }
  });
  test(`nesting deeper than ${MAX_JSON_DEPTH} levels is refused`, () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const parsed = parseJsonBody(bytes(deep));
    assert.equal(parsed.ok, false);
    assert.match(parsed.ok ? '' : parsed.refusal.message, /deeper than 32/);
    assert.equal(parseJsonBody(bytes('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).ok, true);
  });
  test('jsonDepth', () => {
    assert.equal(jsonDepth(1), 0);
    assert.equal(jsonDepth({}), 1);
    assert.equal(jsonDepth({ a: [1, { b: null }] }), 3);
  });
});

describe('parseMultipartBody', () => {
  test('fields and files from counted bytes', async () => {
    const form = new FormData();
    form.set('mode', 'files');
    form.append('files', new File(['kind: List\nitems: []\n'], 'rbac.yaml'));
    const request = new Request('http://127.0.0.1/x', { method: 'POST', body: form });
    const bytes = await readBodyBytes(request, MiB);
    assert.ok(bytes.ok);
    const parsed = await parseMultipartBody(bytes.chunks, request.headers.get('content-type') ?? '');
    assert.ok(parsed.ok);
    assert.equal(parsed.value.get('mode'), 'files');
    const file = parsed.value.get('files');
    assert.ok(file instanceof File);
    assert.equal(await file.text(), 'kind: List\nitems: []\n');
  });
  test('a body that is not multipart is invalid', async () => {
    const parsed = await parseMultipartBody([new TextEncoder().encode('nope')], 'multipart/form-data; boundary=x');
    assert.deepEqual(parsed.ok ? null : parsed.refusal.code, 'invalid');
  });
});
