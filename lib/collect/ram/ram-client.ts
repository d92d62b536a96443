import 'server-only';
// The official SDK clients a RAM snapshot uses: @alicloud/ram20150501 for RAM, @alicloud/ims20190815
// for the security preferences and the account's security report (root AccessKeys),
// @alicloud/resourcemanager20200331 for resource-group-scoped attachments, @alicloud/cs20151215 for
// ACK's kubeconfig inventory, and a generic @alicloud/openapi-client call for STS GetCallerIdentity
// (the account id). Credentials come from
// @alicloud/credentials: the default chain (env AccessKey, OIDC/RRSA via ALIBABA_CLOUD_ROLE_ARN +
// ALIBABA_CLOUD_OIDC_PROVIDER_ARN + ALIBABA_CLOUD_OIDC_TOKEN_FILE, the aliyun CLI profile,
// ~/.alibabacloud/credentials, the ECS instance role), or a named aliyun CLI profile. Nothing here
// ever reads, logs or returns a credential's value.

import { CLIProfileCredentialsProvider } from '@alicloud/credentials';
import * as $OpenApi from '@alicloud/openapi-client';
import * as $Util from '@alicloud/tea-util';
import { Credential, Cs, Ims, OpenApi, Ram, ResourceManager } from './sdk-classes';

/** RAM's global endpoint (ram-semantics.md A3). */
export const DEFAULT_RAM_ENDPOINT = 'ram.aliyuncs.com';
export const DEFAULT_STS_ENDPOINT = 'sts.aliyuncs.com';
/** IMS and Resource Manager are global services too; ACK's API is regional (cs.<region>.aliyuncs.com). */
export const DEFAULT_IMS_ENDPOINT = 'ims.aliyuncs.com';
export const DEFAULT_RESOURCE_MANAGER_ENDPOINT = 'resourcemanager.aliyuncs.com';
export const DEFAULT_CS_ENDPOINT = 'cs.aliyuncs.com';

export interface RamClientOptions {
  /** A named profile of the aliyun CLI (~/.aliyun/config.json); default: the default chain. */
  profile?: string;
  /** `host[:port]`, or a URL (`http://127.0.0.1:8080` for tests). Default ram.aliyuncs.com over HTTPS. */
  endpoint?: string;
  /** Where GetCallerIdentity goes; default sts.aliyuncs.com, or the RAM endpoint when that is a URL. */
  stsEndpoint?: string;
  /** ACK's region (cs.<region>.aliyuncs.com); default cs.aliyuncs.com. A RAM endpoint given as a URL serves every service (tests). */
  regionId?: string;
  /** A ready credential (tests, or a caller that resolved one); overrides profile and chain. */
  credential?: Credential;
  timeoutMs: number;
}

export interface RamClients {
  ram: Ram;
  ims: Ims;
  resourceManager: ResourceManager;
  cs: Cs;
  /** `https://ram.aliyuncs.com`, for messages and the snapshot's origin. */
  endpointUrl: string;
  /** STS GetCallerIdentity → its AccountId. */
  callerAccountId(): Promise<string | undefined>;
}

interface Endpoint {
  host: string;
  protocol: 'http' | 'https';
}

export function createRamClients(opts: RamClientOptions): RamClients {
  const credential = opts.credential ?? credentialFor(opts.profile);
  const ramEndpoint = parseEndpoint(opts.endpoint ?? DEFAULT_RAM_ENDPOINT);
  const explicitUrl = opts.endpoint !== undefined && /^https?:\/\//.test(opts.endpoint);
  const stsEndpoint = parseEndpoint(opts.stsEndpoint ?? (explicitUrl ? (opts.endpoint ?? '') : DEFAULT_STS_ENDPOINT));
  const config = (endpoint: Endpoint) =>
    new $OpenApi.Config({
      credential,
      endpoint: endpoint.host,
      protocol: endpoint.protocol,
      readTimeout: opts.timeoutMs,
      connectTimeout: opts.timeoutMs,
    });
  const ram = new Ram(config(ramEndpoint));
  const sts = new OpenApi(config(stsEndpoint));
  // A URL endpoint (a local stand-in) answers for every service; otherwise each has its own host.
  const other = (host: string) => (explicitUrl ? ramEndpoint : parseEndpoint(host));
  const csHost = opts.regionId ? `cs.${opts.regionId}.aliyuncs.com` : DEFAULT_CS_ENDPOINT;
  return {
    ram,
    ims: new Ims(config(other(DEFAULT_IMS_ENDPOINT))),
    resourceManager: new ResourceManager(config(other(DEFAULT_RESOURCE_MANAGER_ENDPOINT))),
    cs: new Cs(config(other(csHost))),
    endpointUrl: `${ramEndpoint.protocol}://${ramEndpoint.host}`,
    async callerAccountId() {
      const params = new $OpenApi.Params({
        action: 'GetCallerIdentity',
        version: '2015-04-01',
        protocol: stsEndpoint.protocol.toUpperCase(),
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      });
      const response = await sts.callApi(params, new $OpenApi.OpenApiRequest({}), new $Util.RuntimeOptions({}));
      const body: unknown = response.body;
      if (typeof body === 'object' && body !== null && 'AccountId' in body && typeof body.AccountId === 'string') return body.AccountId;
      return undefined;
    },
  };
}

/** A named CLI profile, or the SDK's default chain (new Credential() with no config). */
function credentialFor(profile: string | undefined): Credential {
  if (profile === undefined) return new Credential();
  return new Credential(null, CLIProfileCredentialsProvider.builder().withProfileName(profile).build());
}

function parseEndpoint(endpoint: string): Endpoint {
  const match = /^(https?):\/\/([^/]+)\/?$/.exec(endpoint);
  if (match) return { protocol: match[1] === 'http' ? 'http' : 'https', host: match[2] ?? '' };
  return { protocol: 'https', host: endpoint };
}
