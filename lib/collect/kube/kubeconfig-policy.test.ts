import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkKubeconfigAsData, type KubeconfigPolicyResult } from './kubeconfig-policy';

/** A kubeconfig with one cluster and one user whose `user:` and `cluster:` bodies are given as YAML flow mappings. */
function kubeconfig(user: string, cluster = "server: 'https://203.0.113.10:6443'"): string {
  return `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {${cluster}}}]
users: [{name: u, user: {${user}}}]
contexts: [{name: prod, context: {cluster: c, user: u, namespace: team}}]
current-context: prod
`;
}

function refusal(result: KubeconfigPolicyResult): string {
  if (result.ok) assert.fail('expected a refusal');
  return result.message;
}

void describe('checkKubeconfigAsData', () => {
  void test('inline tokens and certificate data pass, rebuilt into client-node option shape', () => {
    const result = checkKubeconfigAsData(
      kubeconfig(
        "token: 'abc.def-token ', client-certificate-data: Q0VSVA==, client-key-data: S0VZ, username: admin, password: pw-12345678, as: auditor",
        "server: 'https://203.0.113.10:6443/', certificate-authority-data: Q0E=, insecure-skip-tls-verify: false, tls-server-name: api.example.com, extensions: [{name: x}]",
      ),
    );
    assert.ok(result.ok);
    assert.deepEqual(result.config, {
      clusters: [
        { name: 'c', server: 'https://203.0.113.10:6443', caData: 'Q0E=', skipTLSVerify: false, tlsServerName: 'api.example.com' },
      ],
      users: [
        {
          name: 'u',
          token: 'abc.def-token',
          certData: 'Q0VSVA==',
          keyData: 'S0VZ',
          username: 'admin',
          password: 'pw-12345678',
          impersonateUser: 'auditor',
        },
      ],
      contexts: [{ name: 'prod', cluster: 'c', user: 'u', namespace: 'team' }],
      currentContext: 'prod',
    });
    assert.deepEqual([result.contexts, result.current], [['prod'], 'prod']);
    assert.deepEqual(result.secrets.sort(), ['S0VZ', 'abc.def-token', 'pw-12345678'].sort());
  });

  void test('a token from a block scalar loses its trailing newline (as client-go trims token files)', () => {
    const text =
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://203.0.113.10"}}]\nusers:\n- name: u\n  user:\n    token: |\n      tok-with-newline\ncontexts: [{name: p, context: {cluster: c, user: u}}]\n';
    const result = checkKubeconfigAsData(text);
    assert.ok(result.ok);
    assert.equal(result.config.users[0]?.token, 'tok-with-newline');
  });

  const refused: [string, string, string, RegExp][] = [
    [
      'exec',
      "exec: {apiVersion: client.authentication.k8s.io/v1, command: sh, args: ['-c', 'id']}",
      'users[0].user.exec',
      /runs a program/,
    ],
    [
      'gcp auth-provider',
      "auth-provider: {name: gcp, config: {cmd-path: /bin/sh, cmd-args: '-c id'}}",
      'users[0].user.auth-provider',
      /runs a program/,
    ],
    ['azure auth-provider', 'auth-provider: {name: azure, config: {cmd-path: /bin/sh}}', 'users[0].user.auth-provider', /runs a program/],
    [
      'oidc auth-provider',
      "auth-provider: {name: oidc, config: {idp-issuer-url: 'http://169.254.169.254/', client-id: x, refresh-token: y}}",
      'users[0].user.auth-provider',
      /identity provider/,
    ],
    ['tokenFile auth-provider', 'auth-provider: {config: {tokenFile: /etc/shadow}}', 'users[0].user.auth-provider', /runs a program/],
    ['token-file', 'token-file: /etc/os-release', 'users[0].user.token-file', /reads a file on the server/],
    ['tokenFile', 'tokenFile: /etc/os-release', 'users[0].user.tokenFile', /reads a file on the server/],
    ['client-certificate', 'client-certificate: /etc/ssl/cert.pem', 'users[0].user.client-certificate', /names a file on the server/],
    ['client-key', 'client-key: ../../etc/ssl/private/key.pem', 'users[0].user.client-key', /names a file on the server/],
  ];
  for (const [what, user, field, why] of refused) {
    void test(`${what} is refused, naming ${field}`, () => {
      const message = refusal(checkKubeconfigAsData(kubeconfig(`token: t, ${user}`)));
      assert.ok(message.startsWith(`kubeconfig: ${field} `), message);
      assert.match(message, why);
      assert.match(
        message,
        /the dashboard accepts only inline tokens and certificate data \(use the CLI: access-atlas snapshot --kubeconfig PATH\)/,
      );
      assert.doesNotMatch(message, /\/etc|169\.254|-c id/, 'the value is never echoed');
    });
  }

  void test('certificate-authority and proxy-url of a cluster are refused', () => {
    assert.match(
      refusal(checkKubeconfigAsData(kubeconfig('token: t', "server: 'https://a.example', certificate-authority: /etc/ca.pem"))),
      /^kubeconfig: clusters\[0\]\.cluster\.certificate-authority names a file/,
    );
    assert.match(
      refusal(checkKubeconfigAsData(kubeconfig('token: t', "server: 'https://a.example', proxy-url: 'socks5://127.0.0.1:1080'"))),
      /^kubeconfig: clusters\[0\]\.cluster\.proxy-url sends the requests through a proxy/,
    );
  });

  void test('a dangerous user is refused even when no context uses it', () => {
    const text = kubeconfig('token: t').replace(
      'users: [{name: u, user: {token: t}}]',
      'users: [{name: u, user: {token: t}}, {name: spare, user: {exec: {command: sh}}}]',
    );
    assert.match(refusal(checkKubeconfigAsData(text)), /^kubeconfig: users\[1\]\.user\.exec runs a program/);
  });

  void test('a YAML merge key cannot smuggle exec past the check: the rebuilt copy has no exec', () => {
    // js-yaml (client-node's parser) would merge `<<`; this parser keeps it as a plain key, and only the rebuilt copy is loaded.
    const result = checkKubeconfigAsData(kubeconfig("token: t, <<: {exec: {command: sh, args: ['-c', 'touch /tmp/x']}}"));
    assert.ok(result.ok);
    assert.deepEqual(result.config.users, [{ name: 'u', token: 't' }]);
    assert.doesNotMatch(JSON.stringify(result.config), /exec|touch/);
  });

  void test('empty or null dangerous keys run nothing and are dropped', () => {
    const result = checkKubeconfigAsData(kubeconfig("token: t, exec: null, client-key: ''"));
    assert.ok(result.ok);
    assert.deepEqual(result.config.users, [{ name: 'u', token: 't' }]);
  });

  void test('values of the wrong type or form are refused by field, never echoed', () => {
    assert.match(
      refusal(checkKubeconfigAsData(kubeconfig('token: "abc\\ndef-sekrit"'))),
      /^kubeconfig: users\[0\]\.user\.token holds a line break/,
    );
    assert.match(
      refusal(checkKubeconfigAsData(kubeconfig('token: !!binary c2VrcmV0'))),
      /^kubeconfig: users\[0\]\.user\.token is not a string$/,
    );
    assert.match(
      refusal(checkKubeconfigAsData(kubeconfig('token: t', "server: 'file:///etc/passwd'"))),
      /^kubeconfig: clusters\[0\]\.cluster\.server is not an http\(s\) URL$/,
    );
    assert.match(
      refusal(checkKubeconfigAsData(kubeconfig('token: t', "server: 'https://a', insecure-skip-tls-verify: 'yes'"))),
      /insecure-skip-tls-verify is not true or false/,
    );
    assert.match(
      refusal(checkKubeconfigAsData(kubeconfig('token: t', 'certificate-authority-data: Q0E='))),
      /^kubeconfig: clusters\[0\]\.cluster\.server is missing$/,
    );
    assert.equal(
      refusal(checkKubeconfigAsData('kind: List\nitems: []\ncontexts: [{name: a, context: {cluster: c}}]\n')),
      'kubeconfig: is not a kubeconfig (its kind is not Config)',
    );
    assert.equal(refusal(checkKubeconfigAsData('apiVersion: v1\nkind: Config\n')), 'kubeconfig: has no contexts');
    assert.equal(refusal(checkKubeconfigAsData('- a\n- b\n')), 'kubeconfig: is not a YAML mapping');
  });

  void test('invalid YAML is named by position only; a document nested too deep is refused, not a crash', () => {
    const bad = refusal(checkKubeconfigAsData('users: [{name: u, user: {token: sekrit-token}\nclusters: x: y'));
    assert.match(bad, /^kubeconfig: not valid YAML \([A-Z_]+\) at line \d+, column \d+$/);
    assert.doesNotMatch(bad, /sekrit/);
    const deep = checkKubeconfigAsData(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    assert.equal(deep.ok, false);
  });

  void test('an alias bomb is refused', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++)
      lines.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
      );
    assert.equal(checkKubeconfigAsData(lines.join('\n')).ok, false);
  });
});
