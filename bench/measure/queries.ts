// The who-can questions the benchmark asks: a seeded mix of what people and the UI ask. Namespaced
// and cluster-scoped reads and writes, all-namespaces, named objects, subresources, non-resource
// URLs, and the verbs RBAC checks outside CRUD (bind, escalate, impersonate, approve, use), plus a
// few that no rule should grant.
import type { ClusterObjects } from '../../lib/core/kube/types';
import type { AuthzRequest } from '../../lib/core/rbac/types';
import { Rng } from '../synth/prng';
import { randomResourceName } from '../synth/rules';

export type QueryKind = 'namespaced' | 'cluster' | 'all-namespaces' | 'resource-name' | 'subresource' | 'non-resource' | 'odd-verb';

export interface WhoCanQuery {
  kind: QueryKind;
  request: AuthzRequest;
  allNamespaces: boolean;
}

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const SUBRESOURCES: ReadonlyArray<[group: string, resource: string, sub: string, verb: string, namespaced: boolean]> = [
  ['', 'pods', 'log', 'get', true],
  ['', 'pods', 'exec', 'create', true],
  ['', 'pods', 'exec', 'get', true],
  ['', 'pods', 'portforward', 'create', true],
  ['', 'pods', 'eviction', 'create', true],
  ['', 'pods', 'status', 'patch', true],
  ['apps', 'deployments', 'scale', 'update', true],
  ['apps', 'statefulsets', 'scale', 'patch', true],
  ['', 'services', 'proxy', 'get', true],
  ['', 'serviceaccounts', 'token', 'create', true],
  ['', 'nodes', 'proxy', 'get', false],
  ['certificates.k8s.io', 'certificatesigningrequests', 'approval', 'update', false],
];
const PATHS = [
  '/healthz',
  '/healthz/etcd',
  '/livez',
  '/readyz',
  '/metrics',
  '/version',
  '/version/',
  '/api',
  '/api/v1',
  '/apis',
  '/apis/apps',
  '/apis/apps/v1',
  '/logs/kubelet.log',
  '/debug/pprof/profile',
  '/openapi/v2',
  '/.well-known/openid-configuration',
];
const HTTP_VERBS = ['get', 'get', 'get', 'post', 'put', 'delete', 'head'];

interface Vocabulary {
  namespaces: string[];
  namespaced: { group: string; name: string }[];
  clusterScoped: { group: string; name: string }[];
  podNames: { namespace: string; name: string }[];
}

function vocabularyOf(objects: ClusterObjects): Vocabulary {
  const top = objects.apiResources.filter((r) => !r.name.includes('/'));
  return {
    namespaces: objects.namespaces.map((n) => n.name),
    namespaced: top.filter((r) => r.namespaced).map((r) => ({ group: r.group, name: r.name })),
    clusterScoped: top.filter((r) => !r.namespaced).map((r) => ({ group: r.group, name: r.name })),
    podNames: objects.pods.map((p) => ({ namespace: p.namespace, name: p.name })),
  };
}

function resource(verb: string, apiGroup: string, res: string, namespace: string, name = '', subresource = ''): AuthzRequest {
  return { kind: 'resource', verb, apiGroup, resource: res, subresource, namespace, name };
}

function oddVerb(rng: Rng, v: Vocabulary): AuthzRequest {
  const ns = rng.pick(v.namespaces);
  switch (rng.int(7)) {
    case 0:
      return resource(rng.pick(['bind', 'escalate']), 'rbac.authorization.k8s.io', 'roles', ns, rng.chance(0.5) ? 'edit' : '');
    case 1:
      return resource(
        rng.pick(['bind', 'escalate']),
        'rbac.authorization.k8s.io',
        'clusterroles',
        '',
        rng.pick(['admin', 'cluster-admin', '']),
      );
    case 2:
      return resource(
        'impersonate',
        '',
        rng.pick(['users', 'groups']),
        '',
        rng.pick(['system:admin', 'system:masters', 'user-3@corp.example']),
      );
    case 3:
      return resource('impersonate', '', 'serviceaccounts', ns, 'default');
    case 4:
      return resource('approve', 'certificates.k8s.io', 'signers', '', 'kubernetes.io/kube-apiserver-client');
    case 5:
      return resource('use', 'policy', 'podsecuritypolicies', '', 'restricted');
    // Verbs are case-sensitive (VerbMatches is exact), and unknown verbs match only `*`.
    default:
      return resource(rng.pick(['GET', 'frobnicate', 'proxy']), '', 'pods', ns);
  }
}

function oneQuery(rng: Rng, v: Vocabulary): WhoCanQuery {
  const roll = rng.float();
  const ns = rng.pick(v.namespaces);
  if (roll < 0.28) {
    const r = rng.pick(v.namespaced);
    return { kind: 'namespaced', request: resource(rng.pick(VERBS), r.group, r.name, ns), allNamespaces: false };
  }
  if (roll < 0.4) {
    const r = rng.pick(v.clusterScoped);
    return { kind: 'cluster', request: resource(rng.pick(VERBS.slice(0, 5)), r.group, r.name, ''), allNamespaces: false };
  }
  if (roll < 0.52) {
    const r = rng.pick(v.namespaced);
    return { kind: 'all-namespaces', request: resource(rng.pick(VERBS), r.group, r.name, ''), allNamespaces: true };
  }
  if (roll < 0.64) {
    const pod = v.podNames.length > 0 && rng.chance(0.3) ? rng.pick(v.podNames) : undefined;
    const request = pod
      ? resource(rng.pick(['get', 'delete', 'patch']), '', 'pods', pod.namespace, pod.name)
      : resource(
          rng.pick(['get', 'update', 'patch', 'delete']),
          '',
          rng.pick(['configmaps', 'secrets', 'services']),
          ns,
          randomResourceName(rng),
        );
    return { kind: 'resource-name', request, allNamespaces: false };
  }
  if (roll < 0.78) {
    const [group, res, sub, verb, namespaced] = rng.pick(SUBRESOURCES);
    const name = rng.chance(0.7) ? `${res.slice(0, -1)}-${rng.int(50)}` : '';
    return { kind: 'subresource', request: resource(verb, group, res, namespaced ? ns : '', name, sub), allNamespaces: false };
  }
  if (roll < 0.9) {
    return {
      kind: 'non-resource',
      request: { kind: 'nonResource', verb: rng.pick(HTTP_VERBS), path: rng.pick(PATHS) },
      allNamespaces: false,
    };
  }
  return { kind: 'odd-verb', request: oddVerb(rng, v), allNamespaces: false };
}

/** `count` queries drawn from the snapshot's own namespaces, discovery and pods. Same seed, same queries. */
export function randomQueries(objects: ClusterObjects, count: number, seed: number): WhoCanQuery[] {
  const rng = new Rng(seed);
  const vocabulary = vocabularyOf(objects);
  return Array.from({ length: count }, () => oneQuery(rng, vocabulary));
}
