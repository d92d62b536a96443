// parsePolicy: clear errors naming the statement and field, warnings for what the grammar does not
// document, and the string forms of a document (JSON text, URL-encoded JSON as AWS returns it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy } from './parse-policy';
import type { PolicyGrammar, PolicyParseResult } from './types';

function errorOf(document: unknown, grammar: PolicyGrammar = 'ram'): string {
  const result: PolicyParseResult = parsePolicy(document, grammar);
  assert.equal(result.ok, false, 'expected a parse error');
  return result.ok ? '' : result.error;
}

function warningsOf(document: unknown, grammar: PolicyGrammar = 'ram'): string[] {
  const result = parsePolicy(document, grammar);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.warnings;
}

const allow = { Effect: 'Allow', Action: 'ecs:*', Resource: '*' };

test('Effect must be Allow or Deny, named by statement index', () => {
  const doc = { Version: '1', Statement: [allow, allow, { ...allow, Effect: 'allow' }] };
  assert.equal(errorOf(doc), 'Statement[2].Effect must be Allow or Deny');
});

test('exactly one of Action and NotAction', () => {
  assert.match(errorOf({ Version: '1', Statement: [{ Effect: 'Allow', Resource: '*' }] }), /Statement\[0\] must have Action or NotAction/);
  assert.match(errorOf({ Version: '1', Statement: [{ ...allow, NotAction: 'ram:*' }] }), /Statement\[0\] has both Action and NotAction/);
});

test('Resource and NotResource are exclusive, and one is needed without a Principal', () => {
  assert.match(errorOf({ Version: '1', Statement: [{ ...allow, NotResource: 'x' }] }), /both Resource and NotResource/);
  assert.match(
    errorOf({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:*' }] }),
    /Statement\[0\] must have Resource or NotResource/,
  );
});

test('Action values must be non-empty strings', () => {
  assert.match(errorOf({ Version: '1', Statement: [{ ...allow, Action: [] }] }), /Statement\[0\]\.Action must be a non-empty string/);
  assert.match(errorOf({ Version: '1', Statement: [{ ...allow, Action: ['ecs:*', 3] }] }), /Statement\[0\]\.Action/);
});

test('a misspelt element is an error, not silently ignored', () => {
  assert.match(errorOf({ Version: '1', Statement: [{ ...allow, condition: {} }] }), /Statement\[0\] has unknown element "condition"/);
});

test('Condition values must be scalars or lists of scalars', () => {
  const doc = { Version: '1', Statement: [{ ...allow, Condition: { StringEquals: { 'acs:SourceVpc': { a: 1 } } } }] };
  assert.match(errorOf(doc), /Statement\[0\]\.Condition\.StringEquals\.acs:SourceVpc must be/);
  assert.match(errorOf({ Version: '1', Statement: [{ ...allow, Condition: ['x'] }] }), /Statement\[0\]\.Condition must be an object/);
});

test('Principal with an unknown principal type names it', () => {
  const doc = { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: '1' } }] };
  assert.match(errorOf(doc, 'ram'), /Statement\[0\]\.Principal has unknown principal type "AWS"/);
  assert.ok(parsePolicy(doc, 'aws').ok);
});

test('Statement missing, document not an object', () => {
  assert.equal(errorOf({ Version: '1' }), 'Statement is missing');
  assert.equal(errorOf([allow]), 'policy document must be a JSON object');
  assert.match(errorOf({ Version: '1', Statement: [], Extra: 1 }), /unknown element\(s\) "Extra"/);
});

test('a JSON string document parses; bad JSON is named', () => {
  assert.ok(parsePolicy(JSON.stringify({ Version: '1', Statement: [allow] }), 'ram').ok);
  assert.match(errorOf('{"Version": "1", "Statement": [}'), /policy document is not valid JSON/);
});

test('a URL-encoded document is decoded; a bad one is named', () => {
  const encoded = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }));
  const result = parsePolicy(encoded, 'aws');
  assert.ok(result.ok);
  assert.equal(result.ok && result.policy.statements.length, 1);
  assert.match(errorOf('%E0%A4%A', 'aws'), /neither JSON nor URL-encoded JSON/);
  assert.match(errorOf(encodeURIComponent('{"Version":'), 'aws'), /not valid URL-decoded JSON/);
});

test('the trailing-comma nas.json that the fixture README lists as invalid is refused', () => {
  const text = '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["nas:*"], "Resource": ["*"]},]}';
  assert.match(errorOf(text), /not valid JSON/);
});

test('NotResource and NotPrincipal are accepted for RAM with an "undocumented" warning', () => {
  const ws = warningsOf({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:*', NotResource: 'acs:ecs:*:*:instance/i-1' }] });
  assert.ok(
    ws.some((w) => w.includes('Statement[0].NotResource is undocumented for RAM')),
    JSON.stringify(ws),
  );
  const np = warningsOf({
    Version: '1',
    Statement: [{ Effect: 'Deny', Action: 'oss:*', Resource: '*', NotPrincipal: { RAM: ['acs:ram::1:root'] } }],
  });
  assert.ok(np.some((w) => w.includes('NotPrincipal is undocumented for RAM')));
  assert.deepEqual(warningsOf({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', NotResource: 'x' }] }, 'aws'), []);
});

test('unknown operators warn and are kept; AWS-only operators are unknown for RAM', () => {
  const doc = {
    Version: '1',
    Statement: [{ ...allow, Condition: { StringEqualsIfExists: { 'ecs:tag/team': 'dev' }, Frobnicate: { k: 'v' } } }],
  };
  const result = parsePolicy(doc, 'ram');
  assert.ok(result.ok);
  assert.deepEqual(result.ok && result.policy.statements[0]?.unknownOperators, ['StringEqualsIfExists', 'Frobnicate']);
  assert.ok(result.ok && result.warnings.some((w) => w.includes('unknown operator "StringEqualsIfExists" for RAM')));
  const aws = parsePolicy({ ...doc, Version: '2012-10-17' }, 'aws');
  assert.deepEqual(aws.ok && aws.policy.statements[0]?.unknownOperators, ['Frobnicate']);
});

test('policy variables are left literal with a warning', () => {
  const doc = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: 's3:*',
        Resource: 'arn:aws:s3:::b/home/${aws:username}/*',
        Condition: { StringLike: { 's3:prefix': '${aws:username}/*' } },
      },
    ],
  };
  const ws = warningsOf(doc, 'aws');
  assert.ok(ws.some((w) => w.includes('Statement[0].Resource uses a policy variable')));
  assert.ok(ws.some((w) => w.includes('Statement[0].Condition.StringLike.s3:prefix uses a policy variable')));
});

test('unreadable condition values warn: masked CIDR, bad date, bad number', () => {
  const doc = {
    Version: '1',
    Statement: [
      {
        ...allow,
        Condition: {
          IpAddress: { 'acs:SourceIp': '42.120.XX.X/24' },
          DateLessThan: { 'acs:CurrentTime': 'tomorrow' },
          NumericEquals: { n: 'x' },
        },
      },
    ],
  };
  const ws = warningsOf(doc).join('\n');
  assert.match(ws, /"42\.120\.XX\.X\/24" is not an IP address or CIDR block/);
  assert.match(ws, /"tomorrow" is not an ISO 8601 date/);
  assert.match(ws, /"x" is not a number/);
});

test('an unexpected Version warns, a missing one too', () => {
  assert.ok(warningsOf({ Version: '2', Statement: [allow] }).some((w) => w.includes('Version "2"')));
  assert.ok(warningsOf({ Statement: [allow] }).includes('Version is missing'));
});

test('element values may be strings or arrays; condition booleans and numbers become strings', () => {
  const result = parsePolicy(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 's1',
          Effect: 'Deny',
          Action: ['s3:*'],
          Resource: ['*'],
          Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:max-keys': 10 } },
        },
      ],
    },
    'aws',
  );
  assert.ok(result.ok);
  const s = result.ok ? result.policy.statements[0] : undefined;
  assert.equal(s?.sid, 's1');
  assert.deepEqual(s?.condition, { Bool: { 'aws:SecureTransport': ['false'] }, NumericLessThan: { 's3:max-keys': ['10'] } });
});
