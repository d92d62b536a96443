import 'server-only';
// Live collection of an Alibaba Cloud RAM account with the official SDK (ram-semantics.md A3).
// Reads users (with groups, attached policies, AccessKeys and when each was last used, console
// login profile, MFA), groups and their policies, roles with their trust policies and policies,
// every custom policy and the system policies that are attached, each with its default version's
// document; and the account-level inputs of read-account-inputs.ts (password policy, security
// preferences, root AccessKeys, resource-group-scoped attachments, and ACK's kubeconfig inventory
// of each linked cluster). The responses are assembled into the export layout (ram-export.ts) and
// built into objects exactly as a file import is.
//
// A kind the credentials may not read (NoPermission) goes into missingKinds and contributes no
// objects; bad credentials, the network, a timeout or a service that keeps failing fail the whole
// collection. Least privilege: the system policy AliyunRAMReadOnlyAccess, plus
// AliyunResourceManagerReadOnlyAccess for resource-group grants and, for kubeconfig inventories,
// cs:ListClusterKubeconfigStates on the linked clusters (lib/collect/README.md).

import * as $Ram from '@alicloud/ram20150501';
import type { CollectResult, MissingKind } from '../../core/snapshot/types';
import type { AccountUnread } from './build-ram-account';
import { buildRamObjects, PolicyDocumentError } from './build-ram-snapshot';
import { createRamClients, type RamClients } from './ram-client';
import type { Credential } from './sdk-classes';
import { ramExportSchema, type RamExport } from './ram-export';
import { readAccountInputs, readPolicyAttachments } from './read-account-inputs';
import { CollectAbort, DEFAULT_RAM_RETRY, KindDenied, NOT_FOUND, RamReader, nested, type WireMap } from './ram-reader';

export interface CollectFromRamAccountOptions {
  /** A named aliyun CLI profile; default: the credentials SDK's default chain. */
  profile?: string;
  /** `host[:port]` or a URL; default ram.aliyuncs.com over HTTPS. */
  endpoint?: string;
  /** Where STS GetCallerIdentity goes when the account id is not otherwise known. */
  stsEndpoint?: string;
  credential?: Credential;
  /** The account's UID, when known; else from role ARNs, else from STS GetCallerIdentity. */
  accountId?: string;
  /** MaxItems per list request (1-1000). Default 100. */
  pageSize?: number;
  /** Per request. Default 30000. */
  timeoutMs?: number;
  /** First backoff while throttled (4 retries, doubling). Default 500. */
  retryBaseDelayMs?: number;
  /** Users, groups, roles or policies read at once. Default 8. */
  concurrency?: number;
  /** ACK clusters linked to the account (their source links' cluster ids): their kubeconfig inventories are read. */
  ackClusterIds?: readonly string[];
  /** ACK's region (cs.<region>.aliyuncs.com). */
  regionId?: string;
}

type RamKind = 'CloudUser' | 'CloudGroup' | 'CloudRole' | 'CloudPolicy';

interface Context {
  clients: RamClients;
  reader: RamReader;
  pageSize: number;
  concurrency: number;
  warnings: string[];
}

export async function collectFromRamAccount(opts: CollectFromRamAccountOptions = {}): Promise<CollectResult> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const clients = createRamClients({
    profile: opts.profile,
    endpoint: opts.endpoint,
    stsEndpoint: opts.stsEndpoint,
    credential: opts.credential,
    regionId: opts.regionId,
    timeoutMs,
  });
  const retry = { ...DEFAULT_RAM_RETRY, baseDelayMs: opts.retryBaseDelayMs ?? DEFAULT_RAM_RETRY.baseDelayMs };
  const ctx: Context = {
    clients,
    reader: new RamReader(clients.endpointUrl, timeoutMs, retry),
    pageSize: Math.min(Math.max(opts.pageSize ?? 100, 1), 1000),
    concurrency: Math.max(opts.concurrency ?? 8, 1),
    warnings: [],
  };
  try {
    return await collect(ctx, opts.accountId, opts.ackClusterIds ?? []);
  } catch (error) {
    if (error instanceof CollectAbort) return { ok: false, error: error.error };
    throw error;
  }
}

async function collect(ctx: Context, accountId: string | undefined, clusterIds: readonly string[]): Promise<CollectResult> {
  const missingKinds: MissingKind[] = [];
  const read = async <T>(kind: RamKind, work: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof KindDenied)) throw error;
      missingKinds.push({ kind, reason: error.message });
      return [];
    }
  };
  const users = await read('CloudUser', () => readUsers(ctx));
  const groups = await read('CloudGroup', () => readGroups(ctx));
  const roles = await read('CloudRole', () => readRoles(ctx));
  const unread: AccountUnread = {};
  // Before the policies: a policy granted only in a resource group is read like any attached one.
  const scoped = await readPolicyAttachments(ctx, unread);
  const attached = [...users, ...groups, ...roles].flatMap((holder) => nestedPolicies(holder));
  const policies = await read('CloudPolicy', () => readPolicies(ctx, [...attached, ...(scoped ?? [])]));
  if (missingKinds.length === 4) {
    const reasons = missingKinds.map((missing) => missing.reason).join('; ');
    return {
      ok: false,
      error: {
        code: 'forbidden',
        message: `the credentials may read nothing of the RAM account at ${ctx.clients.endpointUrl}: ${reasons}`,
      },
    };
  }
  const account = await resolveAccountId(ctx, accountId, roles);
  const alias = await readAlias(ctx);
  const inputs = await readAccountInputs(ctx, clusterIds, unread);
  const parsed = ramExportSchema.safeParse({
    AccountId: account,
    AccountAlias: alias,
    Users: users,
    Groups: groups,
    Roles: roles,
    Policies: policies,
    PolicyAttachments: scoped,
    ...inputs,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: {
        code: 'server',
        message: `${ctx.clients.endpointUrl}: unexpected response shape at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`,
      },
    };
  }
  const missing = new Set(missingKinds.map((m) => m.kind));
  const kinds = new Set((['CloudUser', 'CloudGroup', 'CloudRole', 'CloudPolicy'] as const).filter((kind) => !missing.has(kind)));
  try {
    const built = buildRamObjects(parsed.data, kinds, unread);
    const warnings = [...ctx.warnings, ...built.warnings];
    return {
      ok: true,
      snapshot: { objects: built.objects, missingKinds, warnings, origin: `${ctx.clients.endpointUrl} (account ${account})` },
    };
  } catch (error) {
    if (error instanceof PolicyDocumentError)
      return { ok: false, error: { code: 'server', message: `${ctx.clients.endpointUrl}: ${error.message}` } };
    throw error;
  }
}

async function readUsers(ctx: Context): Promise<RamExport['Users']> {
  const { ram } = ctx.clients;
  const listed = await ctx.reader.listAll(
    'ListUsers',
    (marker) => ram.listUsers(new $Ram.ListUsersRequest({ marker, maxItems: ctx.pageSize })),
    (b) => nested(b, 'Users', 'User'),
  );
  const users = await mapLimit(listed, ctx.concurrency, async (item) => {
    const userName = String(item.UserName);
    const subject = `user ${userName}`;
    const got = await ctx.reader.call('GetUser', subject, () => ram.getUser(new $Ram.GetUserRequest({ userName })));
    if (got === NOT_FOUND) {
      ctx.warnings.push(`user ${userName} was deleted while the account was read; it is left out`);
      return null;
    }
    const call = (action: string, fn: () => Promise<{ body?: { toMap(): WireMap } }>) => ctx.reader.call(action, subject, fn);
    const groups = await call('ListGroupsForUser', () => ram.listGroupsForUser(new $Ram.ListGroupsForUserRequest({ userName })));
    const policies = await call('ListPoliciesForUser', () => ram.listPoliciesForUser(new $Ram.ListPoliciesForUserRequest({ userName })));
    const keys = await call('ListAccessKeys', () => ram.listAccessKeys(new $Ram.ListAccessKeysRequest({ userName })));
    const accessKeys = [];
    for (const key of keys === NOT_FOUND ? [] : nested(keys, 'AccessKeys', 'AccessKey')) {
      const userAccessKeyId = String(key.AccessKeyId);
      const used = await call('GetAccessKeyLastUsed', () =>
        ram.getAccessKeyLastUsed(new $Ram.GetAccessKeyLastUsedRequest({ userName, userAccessKeyId })),
      );
      const lastUsed = used === NOT_FOUND ? undefined : (used.AccessKeyLastUsed as WireMap | undefined)?.LastUsedDate;
      accessKeys.push({ ...key, LastUsedDate: typeof lastUsed === 'string' && lastUsed !== '' ? lastUsed : undefined });
    }
    // No console access and no MFA device are answered with EntityNotExist errors.
    const login = await call('GetLoginProfile', () => ram.getLoginProfile(new $Ram.GetLoginProfileRequest({ userName })));
    const mfa = await call('GetUserMFAInfo', () => ram.getUserMFAInfo(new $Ram.GetUserMFAInfoRequest({ userName })));
    return {
      ...(got.User as WireMap),
      Groups: groups === NOT_FOUND ? [] : nested(groups, 'Groups', 'Group'),
      Policies: policies === NOT_FOUND ? [] : nested(policies, 'Policies', 'Policy'),
      AccessKeys: accessKeys,
      LoginProfile: login === NOT_FOUND ? null : (login.LoginProfile ?? null),
      MFADevice: mfa === NOT_FOUND ? null : (mfa.MFADevice ?? null),
    };
  });
  return users.filter((user) => user !== null) as RamExport['Users'];
}

async function readGroups(ctx: Context): Promise<RamExport['Groups']> {
  const { ram } = ctx.clients;
  const listed = await ctx.reader.listAll(
    'ListGroups',
    (marker) => ram.listGroups(new $Ram.ListGroupsRequest({ marker, maxItems: ctx.pageSize })),
    (b) => nested(b, 'Groups', 'Group'),
  );
  const groups = await mapLimit(listed, ctx.concurrency, async (group) => {
    const groupName = String(group.GroupName);
    const policies = await ctx.reader.call('ListPoliciesForGroup', `group ${groupName}`, () =>
      ram.listPoliciesForGroup(new $Ram.ListPoliciesForGroupRequest({ groupName })),
    );
    return { ...group, Policies: policies === NOT_FOUND ? [] : nested(policies, 'Policies', 'Policy') };
  });
  return groups as RamExport['Groups'];
}

async function readRoles(ctx: Context): Promise<RamExport['Roles']> {
  const { ram } = ctx.clients;
  const listed = await ctx.reader.listAll(
    'ListRoles',
    (marker) => ram.listRoles(new $Ram.ListRolesRequest({ marker, maxItems: ctx.pageSize })),
    (b) => nested(b, 'Roles', 'Role'),
  );
  const roles = await mapLimit(listed, ctx.concurrency, async (item) => {
    const roleName = String(item.RoleName);
    const subject = `role ${roleName}`;
    // ListRoles has no trust policy: GetRole has AssumeRolePolicyDocument.
    const got = await ctx.reader.call('GetRole', subject, () => ram.getRole(new $Ram.GetRoleRequest({ roleName })));
    if (got === NOT_FOUND) {
      ctx.warnings.push(`role ${roleName} was deleted while the account was read; it is left out`);
      return null;
    }
    const policies = await ctx.reader.call('ListPoliciesForRole', subject, () =>
      ram.listPoliciesForRole(new $Ram.ListPoliciesForRoleRequest({ roleName })),
    );
    return { ...(got.Role as WireMap), Policies: policies === NOT_FOUND ? [] : nested(policies, 'Policies', 'Policy') };
  });
  return roles.filter((role) => role !== null) as RamExport['Roles'];
}

/**
 * Every custom policy, and of the (hundreds of) system policies only those attached to someone:
 * an unattached system policy grants nothing. A referenced policy that GetPolicy says does not
 * exist (EntityNotExist.Policy) is left out; buildRamObjects warns about it by name.
 */
async function readPolicies(ctx: Context, attached: WireMap[]): Promise<RamExport['Policies']> {
  const { ram } = ctx.clients;
  const custom = await ctx.reader.listAll(
    'ListPolicies',
    (marker) => ram.listPolicies(new $Ram.ListPoliciesRequest({ policyType: 'Custom', marker, maxItems: ctx.pageSize })),
    (b) => nested(b, 'Policies', 'Policy'),
  );
  const wanted = new Map<string, { type: string; name: string }>();
  for (const p of [...custom, ...attached])
    wanted.set(`${String(p.PolicyType)}/${String(p.PolicyName)}`, { type: String(p.PolicyType), name: String(p.PolicyName) });
  const policies = await mapLimit([...wanted.values()], ctx.concurrency, async ({ type, name }) => {
    const got = await ctx.reader.call('GetPolicy', `${type} policy ${name}`, () =>
      ram.getPolicy(new $Ram.GetPolicyRequest({ policyType: type, policyName: name })),
    );
    if (got === NOT_FOUND) return null;
    return { ...(got.Policy as WireMap), DefaultPolicyVersion: got.DefaultPolicyVersion };
  });
  return policies.filter((policy) => policy !== null) as RamExport['Policies'];
}

function nestedPolicies(holder: unknown): WireMap[] {
  const policies = (holder as { Policies?: unknown }).Policies;
  return Array.isArray(policies) ? (policies as WireMap[]) : [];
}

/** The option; else the UID in any role's ARN (acs:ram::<uid>:role/<name>); else STS GetCallerIdentity. */
async function resolveAccountId(ctx: Context, given: string | undefined, roles: RamExport['Roles']): Promise<string> {
  if (given) return given;
  for (const role of roles) {
    const match = /^acs:ram::(\d+):role\//.exec(role.Arn);
    if (match?.[1]) return match[1];
  }
  const caller = await ctx.reader.call('GetCallerIdentity', undefined, async () => {
    const accountId = await ctx.clients.callerAccountId();
    return { body: { toMap: () => ({ AccountId: accountId }) } };
  });
  const accountId = caller === NOT_FOUND ? undefined : caller.AccountId;
  if (typeof accountId === 'string' && accountId !== '') return accountId;
  throw new CollectAbort({
    code: 'bad-config',
    message: `cannot tell the account id of ${ctx.clients.endpointUrl}: no role ARN to read it from and GetCallerIdentity did not say; pass the account id`,
  });
}

/** The alias is a label only: a denied GetAccountAlias costs a warning, not the kind. */
async function readAlias(ctx: Context): Promise<string | undefined> {
  try {
    const got = await ctx.reader.call('GetAccountAlias', undefined, () => ctx.clients.ram.getAccountAlias());
    const alias = got === NOT_FOUND ? undefined : got.AccountAlias;
    return typeof alias === 'string' && alias !== '' ? alias : undefined;
  } catch (error) {
    if (!(error instanceof KindDenied)) throw error;
    ctx.warnings.push(`the account alias could not be read: ${error.message}`);
    return undefined;
  }
}

/** Runs `work` over `items` with at most `limit` in flight; results keep the input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    // After one failure (a denied kind, an abort) the others stop taking items: the outcome is decided.
    while (next < items.length && !failed) {
      const index = next;
      next += 1;
      try {
        results[index] = await work(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
