import 'server-only';
// Read model of the Policy page: a managed policy of a cloud account (type, default version, its
// document split into statements with their 0-based indexes, as verdicts cite them) and every
// principal that holds it: directly, or through a group (each member), with the attachment scope.
import { z } from 'zod';
import type { AttachmentScope, CloudPolicyBody, PolicyAttachment } from '../core/ram/model';
import type { JsonValue } from '../core/snapshot/types';
import type { CloudPage } from './cloud-subjects';

export const policyParamsSchema = z.object({
  type: z.enum(['System', 'Custom', 'AWS', 'Customer'], { error: 'type must be System, Custom, AWS or Customer' }),
  name: z.string({ error: 'name is required' }).min(1, 'name is required'),
});

export interface PolicyHolder {
  kind: 'CloudUser' | 'CloudGroup' | 'CloudRole';
  name: string;
  scope: AttachmentScope;
  /** Users holding it through a group. */
  viaGroup?: string;
  attachDate?: string;
}

export interface PolicyDetail {
  body: CloudPolicyBody;
  /** The document's statements (Statement may be one object or a list), with their indexes. */
  statements: { index: number; statement: JsonValue }[];
  holders: PolicyHolder[];
}

function matches(a: PolicyAttachment, type: string, name: string): boolean {
  return a.policyType === type && a.policyName === name;
}

function holdersOf(page: CloudPage, type: string, name: string): PolicyHolder[] {
  const out: PolicyHolder[] = [];
  const groupAttachments = new Map<string, PolicyAttachment[]>();
  const { users, groups, roles } = page.cloud;
  for (const o of [...users, ...groups, ...roles]) {
    const held = o.body.attachedPolicies.filter((a) => matches(a, type, name));
    if (o.kind === 'CloudGroup') groupAttachments.set(o.name, held);
    for (const a of held) out.push({ kind: o.kind, name: o.name, scope: a.scope, ...(a.attachDate && { attachDate: a.attachDate }) });
  }
  for (const o of users) {
    for (const g of o.body.groups) {
      for (const a of groupAttachments.get(g) ?? []) out.push({ kind: 'CloudUser', name: o.name, scope: a.scope, viaGroup: g });
    }
  }
  return out;
}

/** The policy, or null when the snapshot has no managed policy of that type and name. */
export function policyDetail(page: CloudPage, type: string, name: string): PolicyDetail | null {
  const object = page.cloud.policies.find((o) => o.namespace === type && o.name === name);
  if (!object) return null;
  const body = object.body;
  const raw = body.document.Statement;
  const list: JsonValue[] = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  return { body, statements: list.map((statement, index) => ({ index, statement })), holders: holdersOf(page, type, name) };
}
