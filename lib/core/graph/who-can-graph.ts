// A who-can answer drawn as paths: subject -> binding -> role -> the rule that grants, the rule
// highlighted. It renders the engine's answer (each Match: binding, role, ruleIndex) and never
// decides anything itself; the rule text is read from the same resolved bindings the engine used.

import type { PolicyRule } from '../kube/types';
import type { AuthzIndex } from '../rbac/authz-index';
import type { BindingRef, WhoCanAnswer } from '../rbac/types';
import { bindingId, roleId, ruleId, subjectId } from './node-id';
import { edgeId, isSystemName, type GraphEdge, type GraphEdgeKind, type GraphNode, type GraphResult } from './types';

/** `get, list · secrets` / `get · /healthz`: the rule in one line. */
export function ruleSummary(rule: PolicyRule): string {
  const verbs = rule.verbs.join(', ');
  if (rule.nonResourceURLs.length > 0) return `${verbs} · ${rule.nonResourceURLs.join(', ')}`;
  const groups = rule.apiGroups.filter((g) => g !== '');
  const names = rule.resourceNames.length > 0 ? ` [${rule.resourceNames.join(', ')}]` : '';
  return `${verbs} · ${rule.resources.join(', ')}${groups.length > 0 ? ` (${groups.join(', ')})` : ''}${names}`;
}

const refKey = (b: BindingRef) => `${b.kind}\u0000${b.namespace ?? ''}\u0000${b.name}`;

export const DEFAULT_MAX_SUBJECTS = 300;

/**
 * Subjects are taken in the answer's order; past maxSubjects the rest are left out and counted
 * in `truncated` (a broad question can name thousands).
 */
export function whoCanGraph(answer: WhoCanAnswer, index: AuthzIndex, maxSubjects = DEFAULT_MAX_SUBJECTS): GraphResult {
  const rulesOf = new Map(index.bindings.map((b) => [refKey(b.ref), b.rules]));
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const add = (n: GraphNode) => (nodes.has(n.id) ? n.id : (nodes.set(n.id, n), n.id));
  const link = (kind: GraphEdgeKind, source: string, target: string) => {
    const id = edgeId(kind, source, target);
    if (!edges.has(id)) edges.set(id, { id, source, target, kind });
  };
  const shown = answer.subjects.slice(0, maxSubjects);
  for (const s of shown) {
    const sid = add({
      id: subjectId(s),
      kind: s.kind,
      label: s.name,
      ...(s.namespace !== undefined && { namespace: s.namespace }),
      isSystem: isSystemName(s.name),
    });
    for (const m of s.matchedBy) {
      const ns = m.binding.namespace ?? '';
      const bid = add({
        id: bindingId(m.binding),
        kind: m.binding.kind,
        label: m.binding.name,
        ...(ns && { namespace: ns }),
        isSystem: isSystemName(m.binding.name),
      });
      const roleKind = m.role.kind === 'Role' ? 'Role' : 'ClusterRole';
      const rid = add({
        id: roleId(m.role, ns),
        kind: roleKind,
        label: m.role.name,
        ...(roleKind === 'Role' && { namespace: ns }),
        isSystem: isSystemName(m.role.name),
      });
      const rule = rulesOf.get(refKey(m.binding))?.[m.ruleIndex];
      const detail = rule ? ruleSummary(rule) : 'rule not found in this snapshot';
      const xid = add({
        id: ruleId(rid, m.ruleIndex),
        kind: 'Rule',
        label: `rule ${m.ruleIndex}`,
        detail,
        isSystem: false,
        isHighlighted: true,
      });
      link('subject', sid, bid);
      link('role-ref', bid, rid);
      link('grants-rule', rid, xid);
    }
  }
  const truncated =
    answer.subjects.length > shown.length
      ? { reason: `showing the first ${shown.length} of ${answer.subjects.length} subjects`, totalNodes: answer.subjects.length }
      : null;
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated };
}
