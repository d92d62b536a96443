// RAM / IAM permission changes per principal: the grants of every policy a user, group or role
// holds (directly or, for users, through a group), compared as sets between two account snapshots.
// Grants are Allow statements' actions x resources with certain Denies and boundaries applied and
// conditions kept (ram-grants.ts); each change names the attachment, membership or policy version
// behind it.
import { buildCloudAccount } from '../ram/account';
import type { AccountPrincipal, CloudAccount, PathStep } from '../ram/account/types';
import type { SnapshotKind, StoredObject } from '../snapshot/types';
import { subjectKey } from './describe';
import { grantKey } from './grants';
import { ramAtoms } from './ram-grants';
import { impactOf } from './impact';
import { keyOfObject } from './object-diff';
import type { Cause, ChangedObject, Grant, ObjectDiff, PermissionChange, PermissionDiff, PermissionSubject } from './types';

const KIND = { user: 'CloudUser', group: 'CloudGroup', role: 'CloudRole' } as const;

interface Held {
  grant: Grant;
  /** Objects on the paths that give it: the principal, its groups, the policy. */
  objects: { kind: SnapshotKind; namespace: string; name: string }[];
}

function grantsOf(account: CloudAccount, principal: AccountPrincipal): Map<string, Held> {
  const out = new Map<string, Held>();
  const self = { kind: KIND[principal.kind], namespace: '', name: principal.name };
  for (const atom of ramAtoms(account, principal)) {
    const via = atom.held.via.flatMap((s: PathStep): Held['objects'] =>
      s.kind === 'CloudGroup'
        ? [{ kind: 'CloudGroup', namespace: '', name: s.name }]
        : s.kind === 'CloudPolicy'
          ? [{ kind: 'CloudPolicy', namespace: s.type, name: s.name }]
          : [],
    );
    const scope = atom.scope.kind === 'resource-group' ? ` (resource group ${atom.scope.resourceGroupId})` : '';
    const cond = atom.condition ? ` if ${JSON.stringify(atom.condition)}` : '';
    const grant: Grant = {
      type: 'ram',
      action: atom.action,
      resource: `${atom.resource}${scope}`,
      text: `${atom.action} on ${atom.resource}${scope}${cond}`,
    };
    if (atom.condition) grant.condition = atom.condition;
    const key = grantKey(grant);
    const entry = out.get(key) ?? { grant, objects: [self] };
    entry.objects.push(...via);
    for (const n of atom.notes) addNote(entry.grant, n);
    out.set(key, entry);
  }
  return out;
}

/** Notes join the text once each; they are not part of the grant's identity (grantKey). */
function addNote(grant: Grant, note: string): void {
  if (grant.type !== 'ram') return;
  const before = grant.note;
  const notes = before ? before.split('; ') : [];
  if (notes.includes(note)) return;
  notes.push(note);
  grant.note = notes.join('; ');
  const base = before ? grant.text.slice(0, grant.text.length - ` (${before})`.length) : grant.text;
  grant.text = `${base} (${grant.note})`;
}

function principals(account: CloudAccount): Map<string, { subject: PermissionSubject; p: AccountPrincipal }> {
  const out = new Map<string, { subject: PermissionSubject; p: AccountPrincipal }>();
  for (const map of [account.users, account.groups, account.roles]) {
    for (const p of map.values()) {
      const subject: PermissionSubject = { kind: KIND[p.kind], name: p.name };
      out.set(subjectKey(subject), { subject, p });
    }
  }
  return out;
}

function causes(held: Held, objects: ObjectDiff, changed: Map<string, ChangedObject>, direction: 'gained' | 'lost'): Cause[] {
  const appeared = new Set((direction === 'gained' ? objects.added : objects.removed).map(keyOfObject));
  const out = new Map<string, Cause>();
  for (const o of held.objects) {
    const key = keyOfObject(o);
    const label = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
    if (appeared.has(key)) out.set(key, { ...o, text: `${label} was ${direction === 'gained' ? 'added' : 'removed'}` });
    const c = changed.get(key);
    if (c) out.set(key, { ...o, text: `${label}: ${c.changes.map((x) => x.text).join('; ')}` });
  }
  return [...out.values()];
}

/** Permission changes of the cloud principals of two account snapshots. */
export function diffRamPermissions(from: readonly StoredObject[], to: readonly StoredObject[], objects: ObjectDiff): PermissionDiff {
  const [a, b] = [buildCloudAccount(from), buildCloudAccount(to)];
  const changed = new Map(objects.changed.map((c) => [keyOfObject(c), c]));
  const before = principals(a);
  const after = principals(b);
  const gained: PermissionChange[] = [];
  const lost: PermissionChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const had = before.get(key);
    const has = after.get(key);
    const subject = (has ?? had)?.subject;
    if (!subject) continue;
    const g0 = had ? grantsOf(a, had.p) : new Map<string, Held>();
    const g1 = has ? grantsOf(b, has.p) : new Map<string, Held>();
    for (const [k, h] of g1) if (!g0.has(k)) gained.push({ subject, grant: h.grant, causes: causes(h, objects, changed, 'gained') });
    for (const [k, h] of g0) if (!g1.has(k)) lost.push({ subject, grant: h.grant, causes: causes(h, objects, changed, 'lost') });
  }
  const byImpact = (x: PermissionChange, y: PermissionChange) =>
    impactOf(y.grant).score - impactOf(x.grant).score || x.grant.text.localeCompare(y.grant.text);
  return { gained: gained.sort(byImpact), lost: lost.sort(byImpact) };
}
