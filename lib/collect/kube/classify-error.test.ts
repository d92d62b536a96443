import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiException, FetchError } from '@kubernetes/client-node';
import { classifyError, type RequestContext } from './classify-error';

const ctx: RequestContext = { url: 'https://10.0.0.1:6443/api/v1/pods', what: 'listing pods', timeoutMs: 1000 };
const status = (code: number, message: string) => JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, code });

void describe('classifyError', () => {
  void test('DNS and TLS failures are network errors naming the URL', () => {
    const dns = new FetchError(
      'request to https://api.example.invalid failed',
      'system',
      Object.assign(new Error('x'), { code: 'ENOTFOUND' }),
    );
    assert.deepEqual(classifyError(dns, ctx), {
      type: 'fatal',
      error: {
        code: 'network',
        message: 'listing pods: cannot reach https://10.0.0.1:6443/api/v1/pods: host name not found (DNS) (ENOTFOUND)',
      },
    });
    const tls = new FetchError('self signed', 'system', Object.assign(new Error('x'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }));
    const failure = classifyError(tls, ctx);
    assert.ok(
      failure.type === 'fatal' && failure.error.code === 'network' && failure.error.message.includes('TLS certificate not accepted'),
    );
  });

  void test('429 is retryable and honours Retry-After (capped)', () => {
    const failure = classifyError(
      new ApiException(429, 'Too Many Requests', status(429, 'too many requests'), { 'retry-after': '2' }),
      ctx,
    );
    assert.equal(failure.type, 'retryable');
    assert.equal(failure.type === 'retryable' ? failure.retryAfterMs : 0, 2000);
    const capped = classifyError(new ApiException(429, 'x', '', { 'retry-after': '3600' }), ctx);
    assert.equal(capped.type === 'retryable' ? capped.retryAfterMs : 0, 10_000);
  });

  void test('404 and 403 keep the message of a metav1.Status; other 4xx are fatal server errors', () => {
    assert.deepEqual(classifyError(new ApiException(404, 'x', status(404, 'the server could not find the requested resource'), {}), ctx), {
      type: 'not-found',
      reason: '404 Not Found listing pods at https://10.0.0.1:6443/api/v1/pods: the server could not find the requested resource',
    });
    const forbidden = classifyError(new ApiException(403, 'x', status(403, 'pods is forbidden:\nUser "x" cannot list'), {}), ctx);
    assert.deepEqual(forbidden, {
      type: 'forbidden',
      reason: '403 Forbidden listing pods at https://10.0.0.1:6443/api/v1/pods: pods is forbidden: User "x" cannot list',
    });
  });

  void test('a body that is not a metav1.Status is never quoted (HTML, other JSON, another service)', () => {
    const bodies = [
      '<html>secret admin page</html>',
      JSON.stringify({ message: 'secret from another service' }),
      JSON.stringify({ kind: 'Other', message: 'secret' }),
      'secret plain text',
    ];
    for (const body of bodies) {
      for (const code of [400, 403, 404, 500]) {
        const failure = classifyError(new ApiException(code, 'x', body, {}), ctx);
        assert.doesNotMatch(JSON.stringify(failure), /secret/, `${code} ${body}`);
      }
    }
    assert.deepEqual(classifyError(new ApiException(400, 'x', '<html>secret</html>', {}), ctx), {
      type: 'fatal',
      error: { code: 'server', message: 'listing pods at https://10.0.0.1:6443/api/v1/pods: HTTP 400' },
    });
    const long = classifyError(new ApiException(403, 'x', status(403, 'x'.repeat(1000)), {}), ctx);
    assert.ok(long.type === 'forbidden' && long.reason.length < 400, 'a Status message is truncated');
  });

  void test('errors thrown while preparing a request are described, never quoted', () => {
    const html = classifyError(new SyntaxError('Unexpected token <'), ctx);
    assert.ok(html.type === 'fatal' && html.error.code === 'server' && html.error.message.includes('not valid JSON'));
    // node-fetch quotes an illegal header value whole: here, a token with a line break.
    const header = classifyError(new TypeError('Bearer sekrit-token\nrest is not a legal HTTP header value'), ctx);
    assert.ok(header.type === 'fatal' && header.error.code === 'bad-config');
    assert.match(header.error.message, /invalid header value/);
    assert.doesNotMatch(header.error.message, /sekrit/);
    // An exec plugin that exits non-zero rejects with its stderr.
    const plugin = classifyError(new Error('uid=0(root) gid=0(root) token=sekrit'), ctx);
    assert.ok(plugin.type === 'fatal' && plugin.error.code === 'bad-config');
    assert.doesNotMatch(plugin.error.message, /uid=|sekrit/);
    const missing = classifyError(
      Object.assign(new Error('spawn aws-iam-authenticator ENOENT'), { code: 'ENOENT', syscall: 'spawn aws-iam-authenticator' }),
      ctx,
    );
    assert.ok(missing.type === 'fatal' && /exec credential plugin could not be started \(ENOENT\)/.test(missing.error.message));
    const tokenFile = classifyError(
      Object.assign(new Error("ENOENT: no such file or directory, open '/etc/sekrit'"), { code: 'ENOENT', syscall: 'open' }),
      ctx,
    );
    assert.ok(tokenFile.type === 'fatal' && tokenFile.error.code === 'bad-config' && !tokenFile.error.message.includes('sekrit'));
  });
});
