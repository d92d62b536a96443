// The access graph on real RBAC: the default policy of kube-apiserver plus what 16 popular
// projects install (fixtures/k8s-bootstrap, fixtures/real-world-rbac), aggregated as a live
// cluster holds it, and two test RoleBindings (one to a role that does not exist).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyAggregation } from '../rbac/aggregation';
import { buildAuthzIndex } from '../rbac/authz-index';
import { whoCan } from '../rbac/who-can';
import { BOOTSTRAP_FILES, REAL_WORLD_FILES, fixtureObjects } from '../rbac/testdata/fixtures';
import { mergeObjects, res, userRoleBindings } from '../rbac/testdata/identities';
import {
  buildRbacGraph,
  expand,
  filterGraph,
  indexGraph,
  neighborhood,
  nodePredicate,
  parseNodeId,
  searchNodes,
  whoCanGraph,
  wholeClusterView,
  OTHER_CLUSTER_ROLES_ID,
  SCOPE_NODE_ID,
  type GraphResult,
} from './index';

const objects = applyAggregation(
  mergeObjects(
    fixtureObjects(BOOTSTRAP_FILES),
    fixtureObjects(REAL_WORLD_FILES),
    userRoleBindings('team', { alice: 'view', bob: 'no-such-role' }),
  ),
);
const graph = buildRbacGraph(objects);
const index = indexGraph(graph);

const ids = (g: { nodes: { id: string }[] }) => g.nodes.map((n) => n.id).sort();
const neighborhoodOf = (focus: string, depth: number, opts: Parameters<typeof neighborhood>[2] | object = {}): GraphResult => {
  const out = neighborhood(index, focus, { depth, ...opts });
  assert.ok(out.ok, out.ok ? '' : out.error);
  return out.result;
};

describe('node ids', () => {
  test('names with colons round-trip (the namespace part never holds one)', () => {
    assert.deepEqual(parseNodeId('subject:Group::system:serviceaccounts:argocd'), {
      type: 'subject',
      kind: 'Group',
      namespace: '',
      name: 'system:serviceaccounts:argocd',
    });
    assert.deepEqual(parseNodeId('rule:ClusterRole::edit#3'), {
      type: 'rule',
      kind: 'ClusterRole',
      namespace: '',
      name: 'edit',
      ruleIndex: 3,
    });
    assert.deepEqual(parseNodeId('ns:prod'), { type: 'ns', name: 'prod' });
    assert.equal(parseNodeId('subject:User:Bad NS:x'), undefined);
    assert.equal(parseNodeId('ns:'), undefined);
  });
});

describe('buildRbacGraph', () => {
  test('every binding links its subjects and its role; namespaced objects link their namespace', () => {
    const crb = 'binding:ClusterRoleBinding::argocd-application-controller';
    const edges = (index.adjacency.get(crb) ?? []).map((e) => `${e.kind} ${e.source} -> ${e.target}`).sort();
    assert.deepEqual(edges, [
      `role-ref ${crb} -> role:ClusterRole::argocd-application-controller`,
      `subject subject:ServiceAccount:argocd:argocd-application-controller -> ${crb}`,
    ]);
    const sa = index.adjacency.get('subject:ServiceAccount:argocd:argocd-application-controller') ?? [];
    assert.ok(sa.some((e) => e.kind === 'in-namespace' && e.target === 'ns:argocd'));
  });

  test('a ServiceAccount subject without namespace in a RoleBinding takes the binding namespace (argocd-server)', () => {
    const edges = index.adjacency.get('binding:RoleBinding:argocd:argocd-server') ?? [];
    assert.ok(edges.some((e) => e.kind === 'subject' && e.source === 'subject:ServiceAccount:argocd:argocd-server'));
  });

  test('a binding to a role the snapshot lacks is drawn, its role marked missing', () => {
    assert.equal(index.byId.get('role:ClusterRole::no-such-role')?.isMissing, true);
    assert.equal(index.byId.get('role:ClusterRole::view')?.isMissing, undefined);
  });

  test('system: names are flagged built-in; the same objects give the same graph', () => {
    assert.equal(index.byId.get('role:ClusterRole::system:node')?.isSystem, true);
    assert.equal(index.byId.get('role:ClusterRole::admin')?.isSystem, false);
    assert.deepEqual(buildRbacGraph(objects), graph);
    assert.deepEqual(
      graph.nodes.map((n) => n.id),
      [...graph.nodes.map((n) => n.id)].sort(),
    );
  });
});

describe('neighborhood and expand', () => {
  test('alice: one step reaches her binding, two reach its role and namespace', () => {
    assert.deepEqual(ids(neighborhoodOf('subject:User::alice', 1)), ['binding:RoleBinding:team:alice-view', 'subject:User::alice']);
    assert.deepEqual(ids(neighborhoodOf('subject:User::alice', 2)), [
      'binding:RoleBinding:team:alice-view',
      'ns:team',
      'role:ClusterRole::view',
      'subject:User::alice',
    ]);
    const edges = neighborhoodOf('subject:User::alice', 2)
      .edges.map((e) => e.kind)
      .sort();
    assert.deepEqual(edges, ['in-namespace', 'role-ref', 'subject']);
  });

  test('expand is one step out, and an unknown focus is an error naming it', () => {
    const out = expand(index, 'role:ClusterRole::view');
    assert.ok(out.ok);
    assert.ok(out.result.nodes.some((n) => n.id === 'binding:RoleBinding:team:alice-view'));
    const bad = neighborhood(index, 'subject:User::nobody', { depth: 1 });
    assert.deepEqual(bad, { ok: false, error: 'focus: no node subject:User::nobody in this snapshot' });
  });

  test('a cut keeps the nearest nodes, deterministically, and says how much there was', () => {
    const full = neighborhoodOf('role:ClusterRole::cluster-admin', 3);
    assert.equal(full.truncated, null);
    const one = new Set(ids(neighborhoodOf('role:ClusterRole::cluster-admin', 1)));
    const max = one.size + 2;
    assert.ok(full.nodes.length > max);
    const cut = neighborhoodOf('role:ClusterRole::cluster-admin', 3, { maxNodes: max });
    assert.equal(cut.nodes.length, max);
    assert.deepEqual(cut.truncated, {
      reason: `showing the ${max} nearest of ${full.nodes.length} nodes within 3 steps`,
      totalNodes: full.nodes.length,
    });
    assert.deepEqual(cut, neighborhoodOf('role:ClusterRole::cluster-admin', 3, { maxNodes: max }));
    assert.ok([...one].every((id) => cut.nodes.some((n) => n.id === id)));
    const kept = new Set(cut.nodes.map((n) => n.id));
    assert.ok(cut.edges.every((e) => kept.has(e.source) && kept.has(e.target)));
  });
});

describe('filters', () => {
  test('hide system: drops system: objects from a traversal', () => {
    const all = neighborhoodOf('ns:kube-system', 2);
    assert.ok(all.nodes.some((n) => n.isSystem));
    const hidden = neighborhoodOf('ns:kube-system', 2, { keep: nodePredicate(index, { hideSystem: true }) });
    assert.ok(hidden.nodes.length > 0 && hidden.nodes.every((n) => !n.isSystem));
  });

  test('namespace argocd keeps its objects and the cluster-scoped nodes they link to', () => {
    const g = filterGraph(graph, { namespace: 'argocd' });
    const kinds = new Set(g.nodes.map((n) => n.kind));
    assert.ok(g.nodes.every((n) => n.namespace === 'argocd' || n.id === 'ns:argocd' || n.namespace === undefined));
    assert.ok(g.nodes.some((n) => n.id === 'role:ClusterRole::argocd-application-controller'));
    assert.ok(g.nodes.some((n) => n.id === 'binding:ClusterRoleBinding::argocd-application-controller'));
    assert.ok(!g.nodes.some((n) => n.id === 'ns:kube-system' || n.namespace === 'kube-system'));
    assert.ok(kinds.has('Role') && kinds.has('RoleBinding') && kinds.has('ServiceAccount'));
  });

  test('kinds keeps only the kinds asked for; search ranks exact names first', () => {
    const g = filterGraph(graph, { kinds: ['ClusterRole'] });
    const names = new Set(objects.clusterRoles.map((r) => r.name));
    assert.ok(g.nodes.every((n) => n.kind === 'ClusterRole' && (names.has(n.label) || n.isMissing === true)));
    assert.ok([...names].every((name) => g.nodes.some((n) => n.label === name)));
    assert.ok(g.nodes.some((n) => n.id === 'role:ClusterRole::no-such-role'));
    assert.equal(g.edges.length, 0);
    const hits = searchNodes(graph, 'admin', 5);
    assert.equal(hits[0]?.id, 'role:ClusterRole::admin');
    assert.ok(hits.every((h) => h.label.toLowerCase().includes('admin')));
  });
});

describe('whole-cluster view', () => {
  const view = wholeClusterView(index, () => true, 10);

  test('one node per namespace, counting its bindings, roles and bound ServiceAccounts', () => {
    const argocd = view.nodes.find((n) => n.id === 'ns:argocd');
    const inArgo = graph.nodes.filter((n) => n.namespace === 'argocd' && ['RoleBinding', 'Role', 'ServiceAccount'].includes(n.kind));
    assert.equal(argocd?.count, inArgo.length);
    assert.equal(view.nodes.find((n) => n.id === SCOPE_NODE_ID)?.count, objects.clusterRoleBindings.length);
    assert.equal(view.nodes.filter((n) => n.kind === 'ClusterRole').length, 10);
    assert.ok(view.nodes.some((n) => n.id === OTHER_CLUSTER_ROLES_ID));
  });

  test('aggregated edges add up to every binding-to-ClusterRole reference', () => {
    const roleEdges = view.edges.filter((e) => e.target.startsWith('role:') || e.target === OTHER_CLUSTER_ROLES_ID);
    const total = roleEdges.reduce((sum, e) => sum + (e.count ?? 0), 0);
    const refs = graph.edges.filter((e) => e.kind === 'role-ref' && e.target.startsWith('role:ClusterRole:')).length;
    assert.equal(total, refs);
    const ids = new Set(view.nodes.map((n) => n.id));
    assert.ok(view.edges.every((e) => ids.has(e.source) && ids.has(e.target)));
  });
});

describe('who-can answer as a graph', () => {
  test('get secrets in kube-system: every path is subject -> binding -> role -> highlighted rule', () => {
    const aIndex = buildAuthzIndex(objects);
    const answer = whoCan(aIndex, res('get', '', 'secrets', 'kube-system', 'x'));
    const g = whoCanGraph(answer, aIndex);
    const edgeSet = new Set(g.edges.map((e) => `${e.source} ${e.target}`));
    let paths = 0;
    for (const s of answer.subjects) {
      const sid = `subject:${s.kind}:${s.namespace ?? ''}:${s.name}`;
      for (const m of s.matchedBy) {
        const bid = `binding:${m.binding.kind}:${m.binding.namespace ?? ''}:${m.binding.name}`;
        const rid = `role:${m.role.kind}:${m.role.kind === 'Role' ? (m.binding.namespace ?? '') : ''}:${m.role.name}`;
        const xid = `rule:${rid.slice(5)}#${m.ruleIndex}`;
        assert.ok(edgeSet.has(`${sid} ${bid}`) && edgeSet.has(`${bid} ${rid}`) && edgeSet.has(`${rid} ${xid}`), `${sid} via ${bid}`);
        paths++;
      }
    }
    assert.ok(paths > 5);
    const rules = g.nodes.filter((n) => n.kind === 'Rule');
    assert.ok(rules.every((n) => n.isHighlighted === true));
    const admin = g.nodes.find((n) => n.id === 'rule:ClusterRole::cluster-admin#0');
    assert.equal(admin?.detail, '* · * (*)');
    assert.equal(g.truncated, null);
  });

  test('a broad answer is cut by subjects and says so', () => {
    const aIndex = buildAuthzIndex(objects);
    const answer = whoCan(aIndex, res('get', '', 'secrets', 'kube-system', 'x'));
    const g = whoCanGraph(answer, aIndex, 2);
    assert.equal(g.nodes.filter((n) => n.kind === 'User' || n.kind === 'Group' || n.kind === 'ServiceAccount').length, 2);
    assert.deepEqual(g.truncated, {
      reason: `showing the first 2 of ${answer.subjects.length} subjects`,
      totalNodes: answer.subjects.length,
    });
  });
});
