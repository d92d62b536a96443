import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureDocs } from './testdata/fixtures';
import { withAggregatedRules } from './aggregate-manifests';
import { toClusterObjects } from '../kube/to-cluster-objects';
import { canI } from './can-i';
import { buildAuthzIndex } from './authz-index';

const manifests = fixtureDocs('k8s-bootstrap/cluster-roles.yaml');

test('aggregated roles shipped with rules: null get the controller-computed rules; others are untouched', () => {
  const filled = withAggregatedRules(manifests);
  assert.equal(filled.length, manifests.length);
  const byName = new Map(toClusterObjects(filled).clusterRoles.map((r) => [r.name, r]));
  for (const name of ['admin', 'edit', 'view']) assert.ok((byName.get(name)?.rules.length ?? 0) > 0, name);
  // admin ⊇ edit ⊇ view once the chain converges: view's pod listing reaches admin.
  const index = buildAuthzIndex(
    toClusterObjects([
      ...filled,
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'a', namespace: 'ns1' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
        subjects: [{ kind: 'User', name: 'alice' }],
      },
    ]),
  );
  const list = { kind: 'resource', verb: 'list', apiGroup: '', resource: 'pods', subresource: '', namespace: 'ns1', name: '' } as const;
  assert.equal(canI(index, { name: 'alice', groups: [] }, list).allowed, true);
  const unaggregated = manifests.find((r) => (r.metadata as { name?: string }).name === 'cluster-admin');
  assert.equal(
    filled.find((r) => (r.metadata as { name?: string }).name === 'cluster-admin'),
    unaggregated,
  );
});
