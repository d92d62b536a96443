import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyClusterObjects, type ClusterObjects } from '../kube/types';
import type { ResourceRequest } from './types';
import { requestNotes } from './request-notes';

const cluster: ClusterObjects = {
  ...emptyClusterObjects(),
  namespaces: [{ name: 'ns1', labels: {}, annotations: {} }],
  apiResources: [
    { group: '', version: 'v1', name: 'nodes', kind: 'Node', namespaced: false, verbs: ['get', 'list'] },
    { group: '', version: 'v1', name: 'namespaces', kind: 'Namespace', namespaced: false, verbs: ['get', 'list'] },
    { group: '', version: 'v1', name: 'pods', kind: 'Pod', namespaced: true, verbs: ['get', 'list'] },
  ],
};

function ask(resource: string, namespace: string, apiGroup = ''): ResourceRequest {
  return { kind: 'resource', verb: 'get', apiGroup, resource, subresource: '', namespace, name: '' };
}

test('a cluster-scoped resource asked in a namespace (or all namespaces) is noted, like kubectl auth can-i warns', () => {
  assert.match(requestNotes(ask('nodes', 'ns1'), cluster).join(), /nodes is cluster-scoped/);
  assert.match(requestNotes(ask('nodes', ''), cluster, { allNamespaces: true }).join(), /cluster-scoped/);
  assert.deepEqual(requestNotes(ask('nodes', ''), cluster), []);
});

test('namespaces is asked in its own namespace by GET /api/v1/namespaces/NS, so it is not noted', () => {
  assert.deepEqual(requestNotes(ask('namespaces', 'ns1'), cluster), []);
});

test('an unknown namespace or resource type is noted; a snapshot without discovery notes no types; URLs get no notes', () => {
  assert.match(requestNotes(ask('pods', 'nope'), cluster).join(), /namespace nope does not exist/);
  assert.match(requestNotes(ask('deployments', 'ns1', 'apps'), cluster).join(), /lists no resource deployments in group apps/);
  assert.deepEqual(requestNotes(ask('*', 'ns1'), cluster), []);
  assert.deepEqual(requestNotes(ask('deployments', '', 'apps'), emptyClusterObjects()), []);
  assert.deepEqual(requestNotes({ kind: 'nonResource', verb: 'get', path: '/x' }, cluster), []);
});
