// Evidence for cloud findings, in the engine's own terms: a matched statement with the paths that
// hold its policy (principal → group → policy), a stored body's field. Cloud findings use the
// `object` evidence of types.ts: the object is the policy (namespace: its type) or the principal,
// the field the statement or body field, the value what the engine or the store says. Pure.
import type { CloudStatement, PathStep } from '../ram/account/types';
import type { Evidence, FindingParty } from './types';

export type CloudSubjectKind = 'CloudUser' | 'CloudGroup' | 'CloudRole';

export const ACCOUNT_SCOPE = 'account';

export function resourceGroupScope(resourceGroupId: string): string {
  return `resource-group:${resourceGroupId}`;
}

export function policyParty(type: string, name: string): FindingParty {
  return { kind: 'CloudPolicy', namespace: type, name };
}

/** A statement the engine matched for `request`, with its paths and, when it has one, its Condition as written. */
export function statementEvidence(request: string, s: CloudStatement): Evidence {
  return {
    kind: 'object',
    object: policyParty(s.policyType ?? '', s.policy),
    field: `Statement[${s.index}]`,
    value: {
      request,
      effect: s.effect,
      conditions: s.conditions,
      ...(s.condition ? { condition: s.condition } : {}),
      via: s.via,
    },
  };
}

/** A field of a stored principal's body (`accessKeys[0].createDate`, `loginProfile`). */
export function fieldEvidence(subject: FindingParty, field: string, value: unknown): Evidence {
  return { kind: 'object', object: subject, field, value };
}

/** Principal → (group →) policy, as the engine writes paths. */
export function grantPath(
  subject: { kind: CloudSubjectKind; name: string },
  policyType: string,
  policyName: string,
  viaGroup?: string,
): PathStep[] {
  return [
    { kind: subject.kind, name: subject.name },
    ...(viaGroup === undefined ? [] : [{ kind: 'CloudGroup' as const, name: viaGroup }]),
    { kind: 'CloudPolicy', type: policyType, name: policyName },
  ];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from an ISO date to `now`; undefined when the date does not parse. */
export function daysBefore(now: Date, iso: string): number | undefined {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : Math.floor((now.getTime() - t) / DAY_MS);
}
