// The context chooser's reading of a kubeconfig; the server's checks on top of it are in
// lib/collect/kube/kubeconfig-policy.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { kubeconfigContexts } from './kubeconfig-contexts';

const CONTEXTS = `contexts:
- name: dev
  context: {cluster: dev, user: dev}
- name: prod
  context: {cluster: prod, user: prod}
`;

function errorOf(text: string): string {
  const read = kubeconfigContexts(text);
  return read.ok ? 'ok' : read.error;
}

void describe('kubeconfigContexts', () => {
  void test('names every context; the current-context when it names one of them', () => {
    assert.deepEqual(kubeconfigContexts(`apiVersion: v1\nkind: Config\n${CONTEXTS}current-context: prod\n`), {
      ok: true,
      contexts: ['dev', 'prod'],
      current: 'prod',
    });
  });

  void test('no current-context, an empty one or one naming no context: null, a context must be chosen', () => {
    for (const current of ['', 'current-context: ""\n', 'current-context: staging\n', 'current-context: null\n'])
      assert.deepEqual(kubeconfigContexts(`${CONTEXTS}${current}`), { ok: true, contexts: ['dev', 'prod'], current: null });
  });

  void test('what is not a kubeconfig is refused with the words the server uses', () => {
    assert.equal(errorOf('- a\n- b\n'), 'kubeconfig: is not a YAML mapping');
    assert.equal(errorOf(`kind: List\n${CONTEXTS}`), 'kubeconfig: is not a kubeconfig (its kind is not Config)');
    assert.equal(errorOf('apiVersion: v1\nkind: Config\n'), 'kubeconfig: has no contexts');
    assert.equal(errorOf('contexts: dev\n'), 'kubeconfig: contexts is not a list');
    assert.equal(errorOf('contexts: [dev]\n'), 'kubeconfig: contexts[0] is not a mapping');
    assert.equal(errorOf(`${CONTEXTS}- context: {cluster: c}\n`), 'kubeconfig: contexts[2].name is missing');
    assert.equal(errorOf(`${CONTEXTS}current-context: [prod]\n`), 'kubeconfig: current-context is not a string');
  });

  void test('invalid YAML is named by code and position, never by the text that may hold a token', () => {
    const bad = errorOf('users: [{name: u, user: {token: sekrit-token}\nclusters: x: y');
    assert.match(bad, /^kubeconfig: not valid YAML \([A-Z_]+\) at line \d+, column \d+$/);
    assert.doesNotMatch(bad, /sekrit/);
  });
});
