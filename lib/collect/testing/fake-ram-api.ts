import 'server-only';
// A small stand-in for the RAM (and STS GetCallerIdentity, IMS, Resource Manager and ACK) OpenAPI,
// for tests of the live collector with the real SDKs (@alicloud/ram20150501, ims20190815,
// resourcemanager20200331, cs20151215). Plain HTTP on 127.0.0.1 and a random port. RPC style:
// the action comes in the x-acs-action header (V3 signature) or the Action parameter (V1), the
// parameters in the query or a form body; ACK's ROA call carries the cluster id in its path
// (`/clusters/<id>/kubeconfig/states`). Answers are JSON shaped like the real API
// (`{"Users":{"User":[...]},"IsTruncated":true,"Marker":"..."}`, errors `{"Code","Message","RequestId"}`).
// It serves an account held in the export layout (lib/collect/ram/ram-export.ts) and can be
// scripted to misbehave in the ways the real service does.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ramExportSchema, type RamExport } from '../ram/ram-export';

export const FAKE_ACCESS_KEY_ID = 'LTAI-fake-access-key-id';
export const FAKE_ACCESS_KEY_SECRET = 'fake-access-key-secret';

export interface FakeRamScript {
  /** Actions that answer 403 NoPermission. */
  forbidden?: string[];
  /** The first `times` requests of this action answer Throttling.User (HTTP 400, as RAM does). */
  throttle?: { action: string; times: number };
  /** Actions that answer HTTP 503 ServiceUnavailable every time. */
  unavailable?: string[];
  /** Pages hold at most this many items whatever MaxItems asks (default 1000, RAM's maximum). */
  maxPageSize?: number;
}

export interface RecordedRamRequest {
  action: string;
  params: Record<string, string>;
  /** The AccessKeyId the request was signed with (never the secret, which is not sent). */
  accessKeyId: string;
}

type Answer = { status: number; body: object };
type Params = Record<string, string>;
type Handler = (params: Params) => Answer;

export class FakeRamApi {
  readonly requests: RecordedRamRequest[] = [];
  private readonly throttled = new Map<string, number>();
  private baseUrl = '';
  private readonly handlers: Record<string, Handler>;

  private constructor(
    private readonly server: Server,
    private readonly account: RamExport,
    readonly script: FakeRamScript,
  ) {
    this.handlers = buildHandlers(account);
  }

  static async start(account: unknown, script: FakeRamScript = {}): Promise<FakeRamApi> {
    const holder: { api?: FakeRamApi } = {};
    const server = createServer((req, res) => void holder.api?.handle(req, res));
    const api = new FakeRamApi(server, ramExportSchema.parse(account), script);
    holder.api = api;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return api;
  }

  get url(): string {
    return this.baseUrl;
  }

  requestsFor(action: string): RecordedRamRequest[] {
    return this.requests.filter((request) => request.action === action);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const params: Params = Object.fromEntries(url.searchParams);
    const body = await readBody(req);
    if ((req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    }
    const roa = /^\/clusters\/([^/]+)\/kubeconfig\/states$/.exec(url.pathname);
    if (roa?.[1]) params.ClusterId = decodeURIComponent(roa[1]);
    const headerAction = req.headers['x-acs-action'];
    const action =
      (typeof headerAction === 'string' ? headerAction : undefined) ?? params.Action ?? (roa ? 'ListClusterKubeconfigStates' : '');
    const accessKeyId = accessKeyOf(req.headers.authorization, params);
    this.requests.push({ action, params, accessKeyId });
    const answer = this.answer(action, params, accessKeyId);
    res.writeHead(answer.status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify({ RequestId: `req-${this.requests.length}`, ...answer.body }));
  }

  private answer(action: string, params: Params, accessKeyId: string): Answer {
    if (accessKeyId !== FAKE_ACCESS_KEY_ID) {
      return error(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    }
    if (this.script.forbidden?.includes(action)) {
      return error(403, 'NoPermission', `You are not authorized to do this action. You should be authorized by RAM. (ram:${action})`);
    }
    if (this.script.unavailable?.includes(action))
      return error(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.');
    const throttle = this.script.throttle;
    if (throttle?.action === action && (this.throttled.get(action) ?? 0) < throttle.times) {
      this.throttled.set(action, (this.throttled.get(action) ?? 0) + 1);
      return error(400, 'Throttling.User', 'Request was denied due to user flow control.');
    }
    const handler = this.handlers[action];
    if (handler === undefined) return error(404, 'InvalidAction.NotFound', `Specified api is not found: ${action}`);
    return handler({ ...params, MaxPageSize: String(this.script.maxPageSize ?? 1000) });
  }
}

function buildHandlers(account: RamExport): Record<string, Handler> {
  const user = (params: Params) => account.Users.find((u) => u.UserName === params.UserName);
  const noUser = () => error(404, 'EntityNotExist.User', 'The user does not exist.');
  const policiesOf = (policies: object[]) => ({ status: 200, body: { Policies: { Policy: policies } } });
  return {
    GetCallerIdentity: () =>
      ok({ AccountId: account.AccountId, IdentityType: 'RAMUser', Arn: `acs:ram::${account.AccountId}:user/collector` }),
    GetAccountAlias: () => ok({ AccountAlias: account.AccountAlias ?? '' }),
    ListUsers: (params) =>
      page(
        params,
        account.Users.map(({ UserName, UserId, DisplayName, CreateDate, UpdateDate }) => ({
          UserName,
          UserId,
          DisplayName,
          CreateDate,
          UpdateDate,
        })),
        'Users',
        'User',
      ),
    GetUser: (params) => {
      const found = user(params);
      if (!found) return noUser();
      const { UserName, UserId, DisplayName, CreateDate, UpdateDate, LastLoginDate } = found;
      return ok({ User: { UserName, UserId, DisplayName, CreateDate, UpdateDate, LastLoginDate } });
    },
    ListGroupsForUser: (params) => (user(params) ? ok({ Groups: { Group: user(params)?.Groups } }) : noUser()),
    ListPoliciesForUser: (params) => (user(params) ? policiesOf(user(params)?.Policies ?? []) : noUser()),
    ListAccessKeys: (params) => {
      const found = user(params);
      if (!found) return noUser();
      return ok({
        AccessKeys: { AccessKey: found.AccessKeys.map(({ AccessKeyId, Status, CreateDate }) => ({ AccessKeyId, Status, CreateDate })) },
      });
    },
    GetAccessKeyLastUsed: (params) => {
      const key = user(params)?.AccessKeys.find((k) => k.AccessKeyId === params.UserAccessKeyId);
      if (!key) return error(404, 'EntityNotExist.User.AccessKey', 'The accesskey does not exist.');
      return ok({ AccessKeyLastUsed: { LastUsedDate: key.LastUsedDate ?? '' } });
    },
    GetLoginProfile: (params) => {
      const found = user(params);
      if (!found) return noUser();
      if (!found.LoginProfile)
        return error(404, 'EntityNotExist.User.LoginProfile', `The login policy of user ${params.UserName} does not exist.`);
      return ok({ LoginProfile: { UserName: found.UserName, ...found.LoginProfile } });
    },
    GetUserMFAInfo: (params) => {
      const found = user(params);
      if (!found) return noUser();
      if (!found.MFADevice) return error(404, 'EntityNotExist.User.MFADevice', 'The MFA device of the user does not exist.');
      return ok({ MFADevice: found.MFADevice });
    },
    ListGroups: (params) =>
      page(
        params,
        account.Groups.map(({ Policies: _policies, ...group }) => group),
        'Groups',
        'Group',
      ),
    ListPoliciesForGroup: (params) => {
      const found = account.Groups.find((g) => g.GroupName === params.GroupName);
      return found ? policiesOf(found.Policies) : error(404, 'EntityNotExist.Group', 'The group does not exist.');
    },
    ListRoles: (params) =>
      page(
        params,
        account.Roles.map(({ Policies: _policies, AssumeRolePolicyDocument: _trust, ...role }) => role),
        'Roles',
        'Role',
      ),
    GetRole: (params) => {
      const found = account.Roles.find((r) => r.RoleName === params.RoleName);
      if (!found) return error(404, 'EntityNotExist.Role', 'The role does not exist.');
      const { Policies: _policies, AssumeRolePolicyDocument, ...role } = found;
      return ok({ Role: { ...role, AssumeRolePolicyDocument: asString(AssumeRolePolicyDocument) } });
    },
    ListPoliciesForRole: (params) => {
      const found = account.Roles.find((r) => r.RoleName === params.RoleName);
      return found ? policiesOf(found.Policies) : error(404, 'EntityNotExist.Role', 'The role does not exist.');
    },
    ListPolicies: (params) => {
      const policies = account.Policies.filter((p) => !params.PolicyType || p.PolicyType === params.PolicyType);
      return page(
        params,
        policies.map(({ DefaultPolicyVersion: _version, ...policy }) => policy),
        'Policies',
        'Policy',
      );
    },
    GetPasswordPolicy: () =>
      account.PasswordPolicy
        ? ok({ PasswordPolicy: account.PasswordPolicy })
        : error(404, 'EntityNotExist.PasswordPolicy', 'No password policy.'),
    // An account held without these answers with nothing in them, so it imports as the file does.
    GetSecurityPreference: () => ok(account.SecurityPreference ? { SecurityPreference: account.SecurityPreference } : {}),
    GetAccountSecurityPracticeReport: () =>
      ok(account.AccountSecurityPracticeInfo ? { AccountSecurityPracticeInfo: account.AccountSecurityPracticeInfo } : {}),
    ListPolicyAttachments: (params) => {
      const all = account.PolicyAttachments ?? [];
      const size = Math.min(Number(params.PageSize ?? 10) || 10, Number(params.MaxPageSize ?? 1000));
      const pageNumber = Number(params.PageNumber ?? 1) || 1;
      const slice = all.slice((pageNumber - 1) * size, pageNumber * size);
      return ok({ PageNumber: pageNumber, PageSize: size, TotalCount: all.length, PolicyAttachments: { PolicyAttachment: slice } });
    },
    ListClusterKubeconfigStates: (params) => {
      const cluster = (account.AckClusters ?? []).find((c) => c.ClusterId === params.ClusterId);
      if (!cluster) return error(404, 'ErrorClusterNotFound', `cluster ${params.ClusterId} not found`);
      const size = Math.min(Number(params.pageSize ?? 10) || 10, Number(params.MaxPageSize ?? 1000));
      const pageNumber = Number(params.pageNumber ?? 1) || 1;
      return ok({
        page: { page_number: pageNumber, page_size: size, total_count: cluster.KubeconfigStates.length },
        states: cluster.KubeconfigStates.slice((pageNumber - 1) * size, pageNumber * size),
      });
    },
    GetPolicy: (params) => {
      const found = account.Policies.find((p) => p.PolicyName === params.PolicyName && p.PolicyType === params.PolicyType);
      if (!found) return error(404, 'EntityNotExist.Policy', `The policy ${params.PolicyName} does not exist.`);
      const { DefaultPolicyVersion, ...policy } = found;
      const document = asString(DefaultPolicyVersion.PolicyDocument);
      return ok({
        Policy: { ...policy, PolicyDocument: document },
        DefaultPolicyVersion: { ...DefaultPolicyVersion, PolicyDocument: document, IsDefaultVersion: true },
      });
    },
  };
}

/** Marker/MaxItems paging as RAM does it: the marker is opaque; here it encodes the next offset. */
function page(params: Params, items: object[], outer: string, inner: string): Answer {
  const size = Math.min(Number(params.MaxItems ?? 100) || 100, Number(params.MaxPageSize ?? 1000));
  const start = params.Marker ? Number(Buffer.from(params.Marker, 'base64url').toString('utf8').replace('offset:', '')) : 0;
  if (!Number.isInteger(start)) return error(400, 'InvalidParameter.Marker', 'The parameter Marker is invalid.');
  const slice = items.slice(start, start + size);
  const truncated = start + size < items.length;
  const body: Record<string, unknown> = { IsTruncated: truncated, [outer]: { [inner]: slice } };
  if (truncated) body.Marker = Buffer.from(`offset:${start + size}`, 'utf8').toString('base64url');
  return ok(body);
}

function ok(body: object): Answer {
  return { status: 200, body };
}

function error(status: number, code: string, message: string): Answer {
  return { status, body: { Code: code, Message: message, HostId: 'ram.aliyuncs.com' } };
}

function asString(document: string | Record<string, unknown>): string {
  return typeof document === 'string' ? document : JSON.stringify(document);
}

/** V3: `Authorization: ACS3-HMAC-SHA256 Credential=<id>,...`; V1: the AccessKeyId parameter. */
function accessKeyOf(authorization: string | undefined, params: Params): string {
  const match = /Credential=([^,]+)/.exec(authorization ?? '');
  return match?.[1] ?? params.AccessKeyId ?? '';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
