import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyRamError, type RamCallContext } from './classify-ram-error';

const ctx: RamCallContext = { endpoint: 'https://ram.aliyuncs.com', action: 'ListUsers', timeoutMs: 1000 };
/** What openapi-core's ClientError/ServerError/ThrottlingError carry. */
const sdkError = (statusCode: number, code: string, message = 'm', extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`code: ${statusCode}, ${message}`), {
    name: 'ClientError',
    statusCode,
    code,
    data: { Code: code, Message: message },
    ...extra,
  });

void describe('classifyRamError', () => {
  void test('bad, disabled or expired credentials are unauthorized, naming the endpoint', () => {
    for (const [status, code] of [
      [404, 'InvalidAccessKeyId.NotFound'],
      [400, 'InvalidAccessKeyId.Inactive'],
      [400, 'SignatureDoesNotMatch'],
      [400, 'InvalidSecurityToken.Expired'],
      [401, 'Unknown'],
    ] as const) {
      const failure = classifyRamError(sdkError(status, code), ctx);
      assert.ok(failure.type === 'fatal' && failure.error.code === 'unauthorized', code);
      assert.ok(
        failure.type === 'fatal' &&
          failure.error.message.startsWith('ListUsers at https://ram.aliyuncs.com: the endpoint rejected the credentials'),
      );
    }
  });

  void test('NoPermission and Forbidden.* deny the kind; EntityNotExist.* is an answer', () => {
    assert.deepEqual(classifyRamError(sdkError(403, 'NoPermission', 'You are not authorized'), ctx), {
      type: 'forbidden',
      reason: 'NoPermission on ListUsers at https://ram.aliyuncs.com: You are not authorized',
    });
    assert.equal(classifyRamError(sdkError(403, 'Forbidden.RAM'), ctx).type, 'forbidden');
    assert.deepEqual(
      classifyRamError(sdkError(404, 'EntityNotExist.User.LoginProfile'), { ...ctx, action: 'GetLoginProfile', subject: 'user a' }),
      {
        type: 'not-found',
        code: 'EntityNotExist.User.LoginProfile',
      },
    );
  });

  void test('throttling, 429 and 5xx are retryable, honouring x-acs-retry-after up to 10 s; other 4xx are fatal', () => {
    const throttled = classifyRamError(sdkError(400, 'Throttling.User', 'flow control', { retryAfter: 60_000 }), ctx);
    assert.ok(throttled.type === 'retryable' && throttled.retryAfterMs === 10_000);
    assert.equal(classifyRamError(sdkError(429, 'TooManyRequests'), ctx).type, 'retryable');
    assert.equal(classifyRamError(sdkError(502, 'BadGateway'), ctx).type, 'retryable');
    const bad = classifyRamError(sdkError(400, 'InvalidParameter.MaxItems'), ctx);
    assert.ok(bad.type === 'fatal' && bad.error.code === 'server' && bad.error.message.includes('InvalidParameter.MaxItems'));
  });

  void test('timeouts, network errors and a failed credential chain are told apart', () => {
    const timeout = classifyRamError(Object.assign(new Error('ReadTimeout: 1000'), { name: 'RequestTimeoutError' }), ctx);
    assert.ok(timeout.type === 'fatal' && timeout.error.code === 'timeout');
    const refused = classifyRamError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), ctx);
    assert.ok(refused.type === 'fatal' && refused.error.code === 'network' && refused.error.message.includes('connection refused'));
    const chain = classifyRamError(new Error('unable to get credentials from any of the providers in the chain'), ctx);
    assert.ok(chain.type === 'fatal' && chain.error.code === 'bad-config');
  });
});
