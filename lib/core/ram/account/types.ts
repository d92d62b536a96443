// A cloud account (Alibaba Cloud RAM or AWS IAM) read back from its stored objects, indexed for
// principal questions (can-i, who-can), and the answer shapes of those questions. The answers are
// the CLI's `-o json` and the API routes' bodies.
import type { AttachmentScope, CloudProvider, PolicyGrammar } from '../model';
import type { Decision, ParsedPolicy, RequestContext, StatementOutcome } from '../policy/types';

export type PrincipalKind = 'user' | 'group' | 'role';

/** One step of a path from a principal to a policy statement. */
export type PathStep =
  | { kind: 'CloudUser' | 'CloudGroup' | 'CloudRole'; name: string }
  | { kind: 'CloudPolicy'; type: string; name: string; version?: string; scope?: AttachmentScope }
  | { kind: 'ServiceAccount'; cluster: string; namespace: string; name: string }
  | { kind: 'AssumeRole'; via: 'trust' | 'rrsa' | 'irsa'; role: string };

/** A policy document of the account: managed (System/Custom/AWS/Customer) or inline, parsed once. */
export interface AccountPolicy {
  /** Unique within the account: `Custom/Name`, `System/Name`, `Inline/user/alice/Name`. */
  key: string;
  name: string;
  type: string;
  version?: string;
  /** null when the document did not parse (named in CloudAccount.errors; holders are told). */
  parsed: ParsedPolicy | null;
}

/** A policy a principal holds, and the way it holds it (directly or through a group). */
export interface HeldPolicy {
  policyKey: string;
  scope: AttachmentScope;
  /** Principal → (group) → policy. */
  via: PathStep[];
}

export interface AccountPrincipal {
  kind: PrincipalKind;
  name: string;
  /** ARN, when the kind has one (users, roles; AWS groups). */
  arn?: string;
  /** RAM UserId / RoleId (what an ACK binding names). */
  id?: string;
  /** Users: their groups (those present in the snapshot). */
  groups: string[];
  held: HeldPolicy[];
  /** AWS permissions boundary: the policy key. */
  boundary?: string;
  /** Roles: the trust policy (null when it did not parse). */
  trust?: ParsedPolicy | null;
}

export interface CloudAccount {
  provider: CloudProvider;
  grammar: PolicyGrammar;
  accountId: string;
  alias?: string;
  users: ReadonlyMap<string, AccountPrincipal>;
  groups: ReadonlyMap<string, AccountPrincipal>;
  roles: ReadonlyMap<string, AccountPrincipal>;
  policies: ReadonlyMap<string, AccountPolicy>;
  /** Group name → its member users. */
  members: ReadonlyMap<string, readonly string[]>;
  /** RAM UserId / RoleId → principal (ACK subjects name these). */
  byId: ReadonlyMap<string, { kind: 'user' | 'role'; name: string }>;
  /** Role ARN → role name. */
  roleByArn: ReadonlyMap<string, string>;
  /** Which policies could match an action: see action-index.ts. */
  actionIndex: ActionIndex;
  /** Policy key → principals holding it (groups as groups; expand to members where needed). */
  holders: ReadonlyMap<string, readonly { kind: PrincipalKind; name: string }[]>;
  /** Policy key → every principal it can reach (holders, and the members of holding groups): who-can's candidates. */
  reach: ReadonlyMap<string, readonly AccountPrincipal[]>;
  /** Principal → its place in who-can's answer order (kind, then name), computed once at build time. */
  rank: ReadonlyMap<AccountPrincipal, number>;
  /** Dangling attachments, unparseable documents: each names the object. */
  errors: string[];
  warnings: string[];
}

export interface ActionIndex {
  /** Lower-cased literal action → policy keys with a statement naming it exactly. */
  exact: ReadonlyMap<string, ReadonlySet<string>>;
  /** Lower-cased service prefix → policy keys with a wildcard action within that service. */
  service: ReadonlyMap<string, ReadonlySet<string>>;
  /** Policy keys that may match any action (`*`, `*:Get*`, NotAction). */
  any: ReadonlySet<string>;
}

/** A request to a cloud account. */
export interface CloudRequest {
  action: string;
  resource: string;
  /** undefined: unknown (who-can); conditions then come out 'unknown' and grants 'conditional'. */
  context?: RequestContext;
  /**
   * The RAM resource group the resource belongs to. Policies attached at resource-group scope are
   * consulted only for requests naming their group (ram-semantics.md A1, A2; see evaluate-principal.ts).
   */
  resourceGroupId?: string;
}

/** A statement that matched, where it came from, and how the principal holds its policy. */
export interface CloudStatement extends StatementOutcome {
  /** identity: the principal's own or its groups' policies; boundary: AWS permissions boundary; trust: a role's trust policy. */
  role: 'identity' | 'boundary' | 'trust';
  /** Every way the principal holds the policy (principal → group → policy). */
  via: PathStep[][];
}

export interface CloudCanIAnswer {
  principal: { kind: PrincipalKind; name: string; arn?: string };
  decision: Decision;
  /** True when unknown conditions could change the decision (no context given). */
  conditional: boolean;
  statements: CloudStatement[];
  /** The paths of the statements that decide: Deny ones for ExplicitDeny, Allow ones for Allow. */
  paths: PathStep[][];
  /** Policies the principal holds whose documents did not parse: the answer does not include them. */
  unevaluated: string[];
}

export interface CloudWhoCanPrincipal {
  kind: 'CloudUser' | 'CloudGroup' | 'CloudRole' | 'ServiceAccount';
  name: string;
  /** ServiceAccounts: the namespace and the cluster source they belong to. */
  namespace?: string;
  cluster?: string;
  arn?: string;
  /** Allow, or conditional: allowed only if the listed conditions hold. */
  decision: 'Allow' | 'conditional';
  /** Every path that grants (principal → group → policy, or SA → role → policy). */
  paths: PathStep[][];
  /** For conditional grants: the matching statements with their conditions as written. */
  conditions: { policy: string; index: number; effect: 'Allow' | 'Deny'; condition?: Record<string, Record<string, string[]>> }[];
}

export interface CloudWhoCanAnswer {
  principals: CloudWhoCanPrincipal[];
}
