import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiException, FetchError } from '@kubernetes/client-node';
import { classifyError, type RequestContext } from './classify-error';

const ctx: RequestContext = { url: 'https://10.0.0.1:6443/api/v1/pods', what: 'listing pods', timeoutMs: 1000 };
const status = (code: number, message: string) => JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code });

void describe('classifyError', () => {
  void test('DNS and TLS failures are network errors naming the URL', () => {
    const dns = new FetchError('request to https://api.example.invalid failed', 'system', Object.assign(new Error('x'), { code: 'ENOTFOUND' }));
    assert.deepEqual(classifyError(dns, ctx), {
      type: 'fatal',
      error: { code: 'network', message: 'listing pods: cannot reach https://10.0.0.1:6443/api/v1/pods: host name not found (DNS) (ENOTFOUND)' },
    });
    const tls = new FetchError('self signed', 'system', Object.assign(new Error('x'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }));
    const failure = classifyError(tls, ctx);
    assert.ok(failure.type === 'fatal' && failure.error.code === 'network' && failure.error.message.includes('TLS certificate not accepted'));
  });

  void test('429 is retryable and honours Retry-After (capped)', () => {
    const failure = classifyError(new ApiException(429, 'Too Many Requests', status(429, 'too many requests'), { 'retry-after': '2' }), ctx);
    assert.equal(failure.type, 'retryable');
    assert.equal(failure.type === 'retryable' ? failure.retryAfterMs : 0, 2000);
    const capped = classifyError(new ApiException(429, 'x', '', { 'retry-after': '3600' }), ctx);
    assert.equal(capped.type === 'retryable' ? capped.retryAfterMs : 0, 10_000);
  });

  void test('404 and 403 keep the server’s message; other 4xx are fatal server errors', () => {
    assert.deepEqual(classifyError(new ApiException(404, 'x', status(404, 'the server could not find the requested resource'), {}), ctx), {
      type: 'not-found',
      reason: '404 Not Found listing pods at https://10.0.0.1:6443/api/v1/pods: the server could not find the requested resource',
    });
    const bad = classifyError(new ApiException(400, 'x', '<html>bad request</html>', {}), ctx);
    assert.deepEqual(bad, { type: 'fatal', error: { code: 'server', message: 'listing pods at https://10.0.0.1:6443/api/v1/pods: HTTP 400: <html>bad request</html>' } });
  });

  void test('a non-JSON success body and a failed auth plugin are told apart', () => {
    const html = classifyError(new SyntaxError('Unexpected token <'), ctx);
    assert.ok(html.type === 'fatal' && html.error.code === 'server' && html.error.message.includes('not valid JSON'));
    const plugin = classifyError(new Error('exec: executable aws-iam-authenticator not found'), ctx);
    assert.ok(plugin.type === 'fatal' && plugin.error.code === 'bad-config' && plugin.error.message.includes('aws-iam-authenticator'));
  });
});
