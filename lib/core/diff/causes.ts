// Why a subject gained or lost a grant: the object change on the path (binding → role → rule)
// that gives it. A gain is explained on the new snapshot's paths (binding added, subject added
// to it, roleRef replaced, role added, rule added); a loss on the old snapshot's paths.
import type { Grant as IndexGrant } from '../rbac/authz-index';
import { isJsonObject, type SnapshotKind } from '../snapshot/types';
import { objectText, ruleText, subjectKey, subjectText } from './describe';
import { keyOfObject } from './object-diff';
import { canonicalSubject } from './subjects';
import type { Cause, ChangedObject, FieldChange, PermissionSubject } from './types';

export interface ChangeLookup {
  added: ReadonlySet<string>;
  removed: ReadonlySet<string>;
  changed: ReadonlyMap<string, ChangedObject>;
}

type Direction = 'gained' | 'lost';

function namesSubject(change: FieldChange, subject: PermissionSubject, bindingNamespace: string): boolean {
  const s = change.type === 'subject-added' ? change.after : change.before;
  if (!isJsonObject(s) || typeof s.kind !== 'string' || typeof s.name !== 'string') return false;
  const ns = typeof s.namespace === 'string' && s.namespace !== '' ? s.namespace : bindingNamespace;
  return subjectKey(canonicalSubject(s.kind, s.name, s.kind === 'ServiceAccount' ? ns : undefined)) === subjectKey(subject);
}

function bindingCauses(path: IndexGrant, subject: PermissionSubject, lookup: ChangeLookup, direction: Direction): Cause[] {
  const ref = { kind: path.binding.ref.kind as SnapshotKind, namespace: path.binding.ref.namespace ?? '', name: path.binding.ref.name };
  const key = keyOfObject(ref);
  const role = `${path.binding.role.kind} ${path.binding.role.name}`;
  if (direction === 'gained' && lookup.added.has(key))
    return [{ ...ref, text: `${objectText(ref)} was added, binding ${subjectText(subject)} to ${role}` }];
  if (direction === 'lost' && lookup.removed.has(key))
    return [{ ...ref, text: `${objectText(ref)} was removed (it bound ${subjectText(subject)} to ${role})` }];
  const changed = lookup.changed.get(key);
  if (!changed) return [];
  const subjectType = direction === 'gained' ? 'subject-added' : 'subject-removed';
  const out: Cause[] = [];
  for (const c of changed.changes) {
    if (c.type === subjectType && namesSubject(c, subject, path.binding.namespace)) {
      const verb = direction === 'gained' ? 'added to' : 'removed from';
      out.push({ ...ref, text: `subject ${subjectText(subject)} was ${verb} ${objectText(ref)} (${role})` });
    }
    if (c.type === 'role-ref-replaced') out.push({ ...ref, text: `${objectText(ref)}: ${c.text}` });
  }
  return out;
}

function roleCauses(path: IndexGrant, lookup: ChangeLookup, direction: Direction): Cause[] {
  const kind: SnapshotKind = path.binding.role.kind === 'Role' ? 'Role' : 'ClusterRole';
  const ref = { kind, namespace: kind === 'Role' ? path.binding.namespace : '', name: path.binding.role.name };
  const key = keyOfObject(ref);
  if (direction === 'gained' && lookup.added.has(key)) return [{ ...ref, text: `${objectText(ref)} was added` }];
  if (direction === 'lost' && lookup.removed.has(key)) return [{ ...ref, text: `${objectText(ref)} was removed` }];
  const changed = lookup.changed.get(key);
  if (!changed) return [];
  const ruleType = direction === 'gained' ? 'rule-added' : 'rule-removed';
  const wanted = `${direction === 'gained' ? 'rule added' : 'rule removed'}: ${ruleText(path.rule)}`;
  const rule = changed.changes.find((c) => c.type === ruleType && c.text === wanted);
  if (rule)
    return [
      { ...ref, text: `${direction === 'gained' ? 'rule added to' : 'rule removed from'} ${objectText(ref)}: ${ruleText(path.rule)}` },
    ];
  const other = changed.changes.filter((c) => c.type === 'aggregation-changed');
  return other.map((c) => ({ ...ref, text: `${objectText(ref)}: ${c.text}` }));
}

/** The causes of one gained or lost grant, from the paths that give it on the side it is held. */
export function causesOf(subject: PermissionSubject, paths: readonly IndexGrant[], lookup: ChangeLookup, direction: Direction): Cause[] {
  const out = new Map<string, Cause>();
  for (const path of paths) {
    for (const cause of [...bindingCauses(path, subject, lookup, direction), ...roleCauses(path, lookup, direction)]) {
      out.set(`${keyOfObject(cause)}\u0000${cause.text}`, cause);
    }
  }
  return [...out.values()];
}
