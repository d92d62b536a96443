// The grants one cloud principal holds, as the permission diff compares them: each Allow
// statement's action pattern x resource pattern of every policy the principal holds (its own, and a
// user's groups'), then
// - dropped when an unconditional Deny of the principal's policies (or of its AWS permissions
//   boundary) certainly covers it: Deny action pattern subsumes the Allow's AND Deny resource pattern
//   subsumes the Allow's (globSubsumes; RAM/AWS evaluation: an explicit Deny always wins);
// - dropped when the principal has an AWS permissions boundary that certainly does not allow it (no
//   boundary Allow can overlap it; AWS "Permissions boundaries": only what both allow is allowed);
// - marked conditional, with its Condition, when the Allow statement has one (a distinct grant from
//   the same action x resource without a condition);
// - noted "partially denied" / "partly outside the permissions boundary" when a Deny or the boundary
//   may overlap it but does not certainly cover it (conditional Denies, NotAction/NotResource
//   Denies, Denies of a narrower pattern): those are shown, not subtracted.
// A NotAction (NotResource) Allow is one grant `NotAction [..]` on its resource.
import { canonicalJson } from '../kube/canonical-json';
import type { AttachmentScope } from '../ram/model';
import { globsMayOverlap, globSubsumes } from '../ram/policy/glob-subsumes';
import type { ParsedStatement, PatternSet } from '../ram/policy/types';
import type { AccountPrincipal, CloudAccount, HeldPolicy } from '../ram/account/types';

export type RamCondition = Record<string, Record<string, string[]>>;

export interface RamAtom {
  /** As shown: a pattern, or `NotAction [a, b]`. */
  action: string;
  resource: string;
  /** The pattern the atom matches for coverage tests: `*` for NotAction/NotResource (anything but). */
  actionPattern: string;
  resourcePattern: string;
  scope: AttachmentScope;
  condition?: RamCondition;
  notes: string[];
  held: HeldPolicy;
}

interface Deny {
  st: ParsedStatement;
  policy: string;
  /** undefined: the boundary (applies to every request). */
  scope?: AttachmentScope;
}

const ACTION = { caseInsensitive: true };

function conditional(st: ParsedStatement): boolean {
  return st.condition !== undefined || st.conditions.length > 0 || st.unknownOperators.length > 0;
}

function parts(set: PatternSet | undefined, label: string): { shown: string; pattern: string }[] {
  if (!set) return [{ shown: '*', pattern: '*' }];
  if (set.negated) return [{ shown: `${label} [${set.patterns.join(', ')}]`, pattern: '*' }];
  return set.patterns.map((p) => ({ shown: p, pattern: p }));
}

function covers(set: PatternSet | undefined, pattern: string, opts: { caseInsensitive?: boolean } = {}): boolean {
  if (!set) return true; // no Resource element: the statement applies to every resource
  return !set.negated && set.patterns.some((p) => globSubsumes(p, pattern, opts));
}

function mayOverlap(set: PatternSet | undefined, pattern: string, opts: { caseInsensitive?: boolean } = {}): boolean {
  if (!set || set.negated) return true;
  return set.patterns.some((p) => globsMayOverlap(p, pattern, opts));
}

function sameScope(deny: Deny, atom: RamAtom): boolean {
  if (!deny.scope || deny.scope.kind === 'account') return true;
  return atom.scope.kind === 'resource-group' && atom.scope.resourceGroupId === deny.scope.resourceGroupId;
}

/** 'denied' when certainly blocked; otherwise the atom, with notes for possible overlaps. */
function applyDenies(atom: RamAtom, denies: readonly Deny[]): 'denied' | RamAtom {
  for (const d of denies) {
    const overlaps = mayOverlap(d.st.action, atom.actionPattern, ACTION) && mayOverlap(d.st.resource, atom.resourcePattern);
    if (!overlaps) continue;
    const full = !d.st.action.negated && covers(d.st.action, atom.actionPattern, ACTION) && covers(d.st.resource, atom.resourcePattern);
    if (full && !conditional(d.st) && sameScope(d, atom)) return 'denied';
    const why = conditional(d.st) && full ? 'denied when its conditions hold' : 'partially denied';
    atom.notes.push(`${why} by ${d.policy} statement ${d.st.index}`);
  }
  return atom;
}

function applyBoundary(atom: RamAtom, allows: readonly ParsedStatement[], name: string): 'denied' | RamAtom {
  const overlapping = allows.filter(
    (st) =>
      mayOverlap(st.action.negated ? undefined : st.action, atom.actionPattern, ACTION) && mayOverlap(st.resource, atom.resourcePattern),
  );
  if (overlapping.length === 0) return 'denied';
  const full = overlapping.some(
    (st) => !conditional(st) && covers(st.action, atom.actionPattern, ACTION) && covers(st.resource, atom.resourcePattern),
  );
  if (!full) atom.notes.push(`partly outside the permissions boundary ${name}`);
  return atom;
}

/** The principal's grants after the certain Denies and boundary are applied. */
export function ramAtoms(account: CloudAccount, principal: AccountPrincipal): RamAtom[] {
  const atoms: RamAtom[] = [];
  const denies: Deny[] = [];
  for (const held of principal.held) {
    const policy = account.policies.get(held.policyKey);
    if (!policy?.parsed) continue;
    for (const st of policy.parsed.statements) {
      if (st.effect === 'Deny') {
        denies.push({ st, policy: `${policy.type}/${policy.name}`, scope: held.scope });
        continue;
      }
      const condition = conditional(st) ? (st.condition ?? {}) : undefined;
      for (const a of parts(st.action, 'NotAction')) {
        for (const r of parts(st.resource, 'NotResource')) {
          atoms.push({
            action: a.shown,
            resource: r.shown,
            actionPattern: a.pattern,
            resourcePattern: r.pattern,
            scope: held.scope,
            ...(condition ? { condition } : {}),
            notes: [],
            held,
          });
        }
      }
    }
  }
  let boundary: { allows: ParsedStatement[]; name: string } | null = null;
  if (principal.boundary) {
    const policy = account.policies.get(principal.boundary);
    // A boundary that is missing or unreadable allows nothing (build-account.ts; the engine agrees).
    if (!policy?.parsed) return [];
    boundary = { allows: policy.parsed.statements.filter((s) => s.effect === 'Allow'), name: `${policy.type}/${policy.name}` };
    for (const st of policy.parsed.statements)
      if (st.effect === 'Deny') denies.push({ st, policy: `boundary ${policy.type}/${policy.name}` });
  }
  const out: RamAtom[] = [];
  for (const atom of atoms) {
    const kept = applyDenies(atom, denies);
    if (kept === 'denied') continue;
    if (boundary && applyBoundary(kept, boundary.allows, boundary.name) === 'denied') continue;
    out.push(kept);
  }
  return out;
}

/** Keeps conditional and unconditional grants of one action x resource apart. */
export function conditionKey(condition: RamCondition | undefined): string {
  return condition ? `\u0000if\u0000${canonicalJson(condition)}` : '';
}
