// How much a permission change matters: one table, read by the diff's ordering, the review and
// the UI. The rules follow the Kubernetes RBAC good-practices guide
// (https://kubernetes.io/docs/concepts/security/rbac-good-practices/): wildcards, secrets, the
// escalation verbs bind/escalate/impersonate, workload exec, RBAC writes; and for RAM the
// administrative actions that hand out access (ram:*, ram:AttachPolicy*, sts:AssumeRole, `*`).
import type { Grant } from './types';

export const IMPACT_RULES = [
  { id: 'full-wildcard', score: 100, title: '`*` on `*`', rationale: 'Every verb on every resource: administrator of that scope.' },
  { id: 'ram-admin', score: 100, title: 'RAM administrative action', rationale: 'Can grant itself or others any cloud permission.' },
  { id: 'cluster-wide', score: 40, title: 'cluster-wide', rationale: 'Applies in every namespace, including kube-system.' },
  {
    id: 'escalation-verb',
    score: 90,
    title: 'bind, escalate or impersonate',
    rationale: 'Lets the holder gain permissions it was not given.',
  },
  { id: 'secrets', score: 80, title: 'secrets', rationale: 'Secrets hold service-account tokens and credentials.' },
  {
    id: 'workload-exec',
    score: 70,
    title: 'exec, attach, port-forward or proxy',
    rationale: 'Runs commands as, or talks to, another workload.',
  },
  { id: 'rbac-write', score: 70, title: 'writes RBAC objects', rationale: 'Changing roles or bindings changes who can do what.' },
  { id: 'wildcard', score: 50, title: 'wildcard', rationale: 'A `*` verb, group, resource or action covers what does not exist yet.' },
  { id: 'write', score: 20, title: 'write', rationale: 'Changes cluster or cloud state.' },
  { id: 'read', score: 5, title: 'read', rationale: 'Reads state.' },
] as const;

export type ImpactRuleId = (typeof IMPACT_RULES)[number]['id'];

const READ_VERBS = new Set(['get', 'list', 'watch']);
const ESCALATION_VERBS = new Set(['bind', 'escalate', 'impersonate']);
const EXEC_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);
const RBAC_RESOURCES = new Set(['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings']);
/** RAM/IAM actions that change who can do what, or assume another identity. */
const RAM_ADMIN_WHOLE = /^(\*|ram:\*|iam:\*|sts:\*|sts:AssumeRole.*)$/i;
// `verb \w* noun \w*` as one regex backtracked quadratically on a long action from an uploaded policy
// (issue 9, defect 4): the verb is unique (none is a prefix of another), so match it, then look for the noun in the rest.
const RAM_ADMIN_VERB = /^(?:ram|iam):(?:Attach|Detach|Put|Create|Update|Delete|Set)(\w*)$/i;
const RAM_ADMIN_NOUN = /Policy|Role|User|Group|LoginProfile|AccessKey/i;

function isRamAdminAction(action: string): boolean {
  if (RAM_ADMIN_WHOLE.test(action)) return true;
  const rest = RAM_ADMIN_VERB.exec(action)?.[1];
  return rest !== undefined && RAM_ADMIN_NOUN.test(rest);
}

function subresourceOf(resource: string): string {
  const slash = resource.indexOf('/');
  return slash < 0 ? '' : resource.slice(slash + 1);
}

const MATCHERS: { [K in ImpactRuleId]: (g: Grant) => boolean } = {
  'full-wildcard': (g) =>
    g.type === 'rbac' ? g.verb === '*' && g.resource === '*' : g.type === 'rbac-url' ? g.verb === '*' && g.path === '*' : false,
  'ram-admin': (g) => g.type === 'ram' && isRamAdminAction(g.action),
  'cluster-wide': (g) => g.type === 'rbac' && g.namespace === '',
  'escalation-verb': (g) => g.type === 'rbac' && ESCALATION_VERBS.has(g.verb),
  secrets: (g) =>
    g.type === 'rbac' &&
    (g.resource === 'secrets' || (g.resource === '*' && (g.apiGroup === '' || g.apiGroup === '*'))) &&
    (g.verb === '*' || READ_VERBS.has(g.verb)),
  'workload-exec': (g) => g.type === 'rbac' && (EXEC_SUBRESOURCES.has(subresourceOf(g.resource)) || g.resource === '*/exec'),
  'rbac-write': (g) => g.type === 'rbac' && RBAC_RESOURCES.has(g.resource) && !READ_VERBS.has(g.verb),
  wildcard: (g) =>
    g.type === 'ram'
      ? g.action.includes('*')
      : g.type === 'rbac'
        ? g.verb === '*' || g.resource === '*' || g.apiGroup === '*'
        : g.path.endsWith('*'),
  write: (g) => (g.type === 'ram' ? !/:(Get|List|Describe|Query|Check)/.test(g.action) : !READ_VERBS.has(g.verb)),
  read: (g) => (g.type === 'ram' ? /:(Get|List|Describe|Query|Check)/.test(g.action) : READ_VERBS.has(g.verb)),
};

export interface Impact {
  /** Sum of the scores of the rules that match. */
  score: number;
  rules: ImpactRuleId[];
}

export function impactOf(grant: Grant): Impact {
  const rules = IMPACT_RULES.filter((r) => MATCHERS[r.id](grant)).map((r) => r.id);
  return { score: IMPACT_RULES.filter((r) => rules.includes(r.id)).reduce((sum, r) => sum + r.score, 0), rules };
}

export function impactTitle(id: ImpactRuleId): string {
  return IMPACT_RULES.find((r) => r.id === id)?.title ?? id;
}
