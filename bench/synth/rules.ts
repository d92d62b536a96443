// Random PolicyRules with the shapes real clusters carry: several entries per role mixing the core
// group with named groups, read/write verb sets, some `*`, subresources (pods/log, pods/exec,
// */scale), resourceNames, the privileged verbs bind/escalate/impersonate, and nonResourceURLs on
// ClusterRoles. Empty lists are omitted, as kubectl prints them (omitempty).
import type { JsonObject } from '../../lib/core/snapshot/types';
import { DISCOVERED, type DiscoveredResource } from './discovery';
import type { Rng } from './prng';

export const APP_NAMES = [
  'web',
  'api',
  'worker',
  'billing',
  'auth',
  'search',
  'checkout',
  'cart',
  'catalog',
  'payments',
  'ledger',
  'notify',
  'gateway',
  'ingest',
  'reports',
  'scheduler',
  'profile',
  'media',
  'backup',
  'metrics',
] as const;

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'patch', 'update'];
const VERB_SETS: readonly string[][] = [
  READ,
  READ,
  READ,
  [...READ, ...WRITE],
  [...READ, ...WRITE, 'deletecollection'],
  ['get'],
  ['get', 'list'],
  ['list', 'watch'],
  ['create'],
  ['update', 'patch'],
  ['delete'],
  ['*'],
];

const SUBRESOURCE_SETS: readonly { groups: string[]; resources: string[]; verbs: string[] }[] = [
  { groups: [''], resources: ['pods/log'], verbs: ['get'] },
  { groups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
  { groups: [''], resources: ['pods/exec', 'pods/attach'], verbs: ['create', 'get'] },
  { groups: [''], resources: ['pods/portforward'], verbs: ['create', 'get'] },
  { groups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  { groups: [''], resources: ['pods/status'], verbs: ['get', 'patch', 'update'] },
  { groups: ['apps'], resources: ['deployments/scale', 'statefulsets/scale'], verbs: ['get', 'patch', 'update'] },
  { groups: ['apps', ''], resources: ['*/scale'], verbs: ['get', 'update'] },
  { groups: ['*'], resources: ['*/scale'], verbs: ['get', 'patch', 'update'] },
  { groups: [''], resources: ['services/proxy'], verbs: ['get', 'create'] },
  { groups: [''], resources: ['serviceaccounts/token'], verbs: ['create'] },
];

/** The privileged verbs RBAC checks outside plain CRUD (bind, escalate, impersonate, approve, use). */
const PRIVILEGED_RULES: readonly JsonObject[] = [
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['bind', 'escalate'] },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'] },
  { apiGroups: [''], resources: ['users', 'groups', 'serviceaccounts'], verbs: ['impersonate'] },
  { apiGroups: ['authentication.k8s.io'], resources: ['userextras/scopes', 'uids'], verbs: ['impersonate'] },
  {
    apiGroups: ['certificates.k8s.io'],
    resources: ['signers'],
    resourceNames: ['kubernetes.io/kube-apiserver-client'],
    verbs: ['approve'],
  },
  { apiGroups: ['policy'], resources: ['podsecuritypolicies'], resourceNames: ['restricted'], verbs: ['use'] },
];

const NON_RESOURCE_RULES: readonly JsonObject[] = [
  { nonResourceURLs: ['/metrics'], verbs: ['get'] },
  { nonResourceURLs: ['/healthz', '/healthz/*', '/livez', '/readyz'], verbs: ['get'] },
  { nonResourceURLs: ['/logs', '/logs/*'], verbs: ['get'] },
  { nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/version'], verbs: ['get'] },
  { nonResourceURLs: ['/debug/pprof/*'], verbs: ['get'] },
  { nonResourceURLs: ['*'], verbs: ['get'] },
  { nonResourceURLs: ['/metrics'], verbs: ['*'] },
];

/** resourceNames draw from this pool so that some who-can queries hit them. */
export function randomResourceName(rng: Rng): string {
  return `${rng.pick(APP_NAMES)}-${rng.pick(['config', 'secret', 'tls', 'credentials', 'settings'])}`;
}

function verbsFor(rng: Rng): string[] {
  return [...rng.pick(VERB_SETS)];
}

function groupResources(rng: Rng, pool: readonly DiscoveredResource[]): JsonObject {
  const group = rng.pick(pool).group;
  const inGroup = pool.filter((r) => r.group === group && !r.name.includes('/'));
  const resources = rng
    .sample(inGroup, rng.between(1, 4))
    .map((r) => r.name)
    .sort();
  return { apiGroups: [group], resources, verbs: verbsFor(rng) };
}

function multiGroupResources(rng: Rng, pool: readonly DiscoveredResource[]): JsonObject {
  const chosen = rng.sample(
    pool.filter((r) => !r.name.includes('/')),
    rng.between(2, 5),
  );
  const groups = [...new Set(chosen.map((r) => r.group))].sort();
  const resources = [...new Set(chosen.map((r) => r.name))].sort();
  return { apiGroups: groups, resources, verbs: verbsFor(rng) };
}

function namedResources(rng: Rng): JsonObject {
  const names = Array.from({ length: rng.between(1, 3) }, () => randomResourceName(rng));
  return {
    apiGroups: [''],
    resourceNames: [...new Set(names)].sort(),
    resources: [rng.pick(['configmaps', 'secrets', 'services'])],
    verbs: [...rng.pick([['get'], ['get', 'update', 'patch'], ['delete'], ['get', 'watch']])],
  };
}

function wildcardRule(rng: Rng, pool: readonly DiscoveredResource[]): JsonObject {
  const group = rng.pick(pool).group;
  if (rng.chance(0.3)) return { apiGroups: ['*'], resources: ['*'], verbs: [...rng.pick([READ, ['*']])] };
  return { apiGroups: [group], resources: ['*'], verbs: verbsFor(rng) };
}

/** One rule; `clusterScoped` widens the resource pool and allows nonResourceURLs. */
export function randomRule(rng: Rng, clusterScoped: boolean): JsonObject {
  const pool = clusterScoped ? DISCOVERED : DISCOVERED.filter((r) => r.namespaced);
  const roll = rng.float();
  if (roll < 0.45) return groupResources(rng, pool);
  if (roll < 0.55) return multiGroupResources(rng, pool);
  if (roll < 0.68) {
    const s = rng.pick(SUBRESOURCE_SETS);
    return { apiGroups: [...s.groups], resources: [...s.resources], verbs: [...s.verbs] };
  }
  if (roll < 0.79) return namedResources(rng);
  if (roll < 0.85) return wildcardRule(rng, pool);
  if (roll < 0.91) return structuredClone(rng.pick(PRIVILEGED_RULES));
  if (clusterScoped && roll < 0.97) return structuredClone(rng.pick(NON_RESOURCE_RULES));
  return groupResources(rng, pool);
}

/** 1-8 rules, weighted toward 2-4 as hand-written roles are. */
export function randomRules(rng: Rng, clusterScoped: boolean): JsonObject[] {
  const count = rng.pick([1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 7, 8]);
  return Array.from({ length: count }, () => randomRule(rng, clusterScoped));
}
