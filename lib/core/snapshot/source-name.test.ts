import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isSourceName, SOURCE_NAME_RULE, sourceNameError } from './source-name';

const VALID = ['demo-cluster', 'demo-ram', 'default', 'ram', 'aws', 'prod', 'bench-cluster', 'a', '0', 'a-b-c', '1st', 'x'.repeat(63)];

const INVALID: [string, string][] = [
  ['', 'empty'],
  ['../../victim', 'a path out of the data directory'],
  ['..', 'the parent directory'],
  ['.', 'the directory itself'],
  ['a/b', 'a path separator'],
  ['a\\b', 'a Windows path separator'],
  ['/abs', 'an absolute path'],
  ['Prod', 'uppercase (names are case-sensitive in URLs, not on every filesystem)'],
  ['my.cluster', 'a dot'],
  ['my_cluster', 'an underscore'],
  ['-lead', 'a leading "-" (reads as a flag)'],
  ['trail-', 'a trailing "-"'],
  [' prod', 'a space'],
  ['prod\n', 'a newline'],
  ['p\u0000d', 'a NUL'],
  ['x'.repeat(64), 'longer than 63 characters'],
  ['caf\u00e9', 'a non-ASCII letter'],
  ['%2e%2e', 'percent-encoding'],
];

describe('source names', () => {
  for (const name of VALID) {
    test(`accepts ${JSON.stringify(name.length > 20 ? `${name.slice(0, 20)}...` : name)}`, () => {
      assert.equal(isSourceName(name), true);
      assert.equal(sourceNameError(name, '--source'), null);
    });
  }
  for (const [name, why] of INVALID) {
    test(`refuses ${why}`, () => {
      assert.equal(isSourceName(name), false);
      const error = sourceNameError(name, '--source');
      assert.ok(error?.startsWith('--source "'), error ?? 'no error');
      assert.ok(error?.endsWith(SOURCE_NAME_RULE));
    });
  }

  test('the error names the input exactly as the brief of issue 9 shows it', () => {
    assert.equal(
      sourceNameError('../../victim', '--source'),
      '--source "../../victim": a source name is 1-63 lowercase letters, digits or "-", starting and ending with a letter or digit',
    );
  });

  test('a huge name is cut in the error, control characters escaped', () => {
    const error = sourceNameError(`${'A'.repeat(10_000)}\n`, 'name') ?? '';
    assert.ok(error.length < 300, `${error.length} characters`);
    assert.ok(!error.includes('\n'));
    assert.match(sourceNameError('a\nb', 'name') ?? '', /^name "a\\nb": /);
  });
});
