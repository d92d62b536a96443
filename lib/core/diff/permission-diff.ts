// Grants gained and lost per subject between two RBAC snapshots, each attributed to the object
// change that caused it. Only subjects of bindings that changed (or whose role changed) can
// gain or lose anything, so only their grants are computed, on both sides, in full: a grant lost
// through one binding but still held through another is not a loss.
import type { AuthzIndex, Grant as IndexGrant, IndexedBinding } from '../rbac/authz-index';
import { canonicalSubject } from './subjects';
import { subjectKey } from './describe';
import { grantKey, grantsOfRule } from './grants';
import { impactOf } from './impact';
import { keyOfObject } from './object-diff';
import { causesOf, type ChangeLookup } from './causes';
import type { Grant, ObjectDiff, PermissionChange, PermissionDiff, PermissionSubject } from './types';

export interface HeldGrant {
  grant: Grant;
  /** The (binding, rule) pairs that give it. */
  paths: IndexGrant[];
}

export function bindingObjectKey(b: IndexedBinding): string {
  return keyOfObject({ kind: b.ref.kind, namespace: b.ref.namespace ?? '', name: b.ref.name });
}

export function roleObjectKey(b: IndexedBinding): string {
  return keyOfObject({
    kind: b.role.kind === 'Role' ? 'Role' : 'ClusterRole',
    namespace: b.role.kind === 'Role' ? b.namespace : '',
    name: b.role.name,
  });
}

function bindingsBySubject(index: AuthzIndex): Map<string, { subject: PermissionSubject; bindings: IndexedBinding[] }> {
  const out = new Map<string, { subject: PermissionSubject; bindings: IndexedBinding[] }>();
  for (const b of index.bindings) {
    for (const r of b.reportable) {
      const subject = canonicalSubject(r.kind, r.name, r.namespace);
      const key = subjectKey(subject);
      const entry = out.get(key);
      if (!entry) out.set(key, { subject, bindings: [b] });
      else if (entry.bindings[entry.bindings.length - 1] !== b) entry.bindings.push(b);
    }
  }
  return out;
}

/** Every grant the subject holds through these bindings, with the paths that give it. */
export function heldGrants(bindings: readonly IndexedBinding[]): Map<string, HeldGrant> {
  const out = new Map<string, HeldGrant>();
  for (const b of bindings) {
    for (const g of b.grants) {
      for (const grant of grantsOfRule(g.rule, b.namespace)) {
        const key = grantKey(grant);
        const held = out.get(key);
        if (held) held.paths.push(g);
        else out.set(key, { grant, paths: [g] });
      }
    }
  }
  return out;
}

function isDirty(b: IndexedBinding, changed: ReadonlySet<string>): boolean {
  return changed.has(bindingObjectKey(b)) || changed.has(roleObjectKey(b));
}

function byImpact(a: PermissionChange, b: PermissionChange): number {
  return (
    impactOf(b.grant).score - impactOf(a.grant).score ||
    subjectKey(a.subject).localeCompare(subjectKey(b.subject)) ||
    a.grant.text.localeCompare(b.grant.text)
  );
}

/** Permission changes between two indexes of one source; `objects` is their object diff. */
export function diffPermissions(from: AuthzIndex, to: AuthzIndex, objects: ObjectDiff): PermissionDiff {
  const changed = new Set([...objects.added, ...objects.removed, ...objects.changed].map(keyOfObject));
  const lookup: ChangeLookup = {
    added: new Set(objects.added.map(keyOfObject)),
    removed: new Set(objects.removed.map(keyOfObject)),
    changed: new Map(objects.changed.map((c) => [keyOfObject(c), c])),
  };
  const before = bindingsBySubject(from);
  const after = bindingsBySubject(to);
  const affected = new Map<string, PermissionSubject>();
  for (const side of [before, after]) {
    for (const [key, entry] of side) if (entry.bindings.some((b) => isDirty(b, changed))) affected.set(key, entry.subject);
  }
  const gained: PermissionChange[] = [];
  const lost: PermissionChange[] = [];
  for (const [key, subject] of affected) {
    const had = heldGrants(before.get(key)?.bindings ?? []);
    const has = heldGrants(after.get(key)?.bindings ?? []);
    for (const [k, held] of has) {
      if (!had.has(k)) gained.push({ subject, grant: held.grant, causes: causesOf(subject, held.paths, lookup, 'gained') });
    }
    for (const [k, held] of had) {
      if (!has.has(k)) lost.push({ subject, grant: held.grant, causes: causesOf(subject, held.paths, lookup, 'lost') });
    }
  }
  return { gained: gained.sort(byImpact), lost: lost.sort(byImpact) };
}
