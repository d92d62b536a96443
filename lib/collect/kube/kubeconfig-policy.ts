// A kubeconfig that reaches the dashboard (uploaded, pasted, or read from
// ACCESS_ATLAS_KUBECONFIG_DIR) is DATA: an address, inline credentials and names. The Kubernetes
// client would also run programs (`exec`, the gcp/azure `auth-provider` cmd-path) and read files
// on the server (`token-file`, `certificate-authority`, `client-certificate`, `client-key`, the
// tokenFile auth provider), and `proxy-url` sends every request through another host; each is
// refused here with the field that asked for it.
//
// The answer is a rebuilt copy holding only the allowed fields, in client-node's own option
// shape, and that copy (never the original text) is what the client loads: a second parser
// could read the text differently (js-yaml, which client-node uses, merges `<<:` keys that
// this parser keeps as a plain key), so nothing unchecked can reach it.
//
// Every user, cluster and context in the file is checked, not only the ones the chosen context
// uses: a stored kubeconfig can be run later under another context (the form and the source
// each name one), and a file meant for the dashboard has no reason to carry a program at all.
// The YAML reading, the kind and the context names are lib/core/kube/kubeconfig-contexts.ts, the
// same module the new-source form reads them with in the browser. Pure: no I/O.
import {
  isYamlMapping as isMapping,
  readContextNames,
  readKubeconfigDocument,
  type KubeconfigMapping as Mapping,
} from '../../core/kube/kubeconfig-contexts';

/** client-node's Cluster, reduced to what an inline kubeconfig may say. */
export interface DataCluster {
  name: string;
  server: string;
  caData?: string;
  skipTLSVerify: boolean;
  tlsServerName?: string;
}

/** client-node's User, reduced to inline credentials. */
export interface DataUser {
  name: string;
  token?: string;
  certData?: string;
  keyData?: string;
  username?: string;
  password?: string;
  impersonateUser?: string;
}

export interface DataContext {
  name: string;
  cluster: string;
  user?: string;
  namespace?: string;
}

/** What KubeConfig.loadFromOptions takes. */
export interface DataKubeconfig {
  clusters: DataCluster[];
  users: DataUser[];
  contexts: DataContext[];
  currentContext?: string;
}

export type KubeconfigPolicyResult =
  | {
      ok: true;
      config: DataKubeconfig;
      contexts: string[];
      current: string | null;
      /** The credential strings in the file, for scrubbing them out of any message. */
      secrets: string[];
    }
  | { ok: false; message: string };

/** Where to go instead: the CLI runs the operator's own kubeconfig as kubectl would. */
const USE_CLI = 'the dashboard accepts only inline tokens and certificate data (use the CLI: access-atlas snapshot --kubeconfig PATH)';

/** Cluster fields that point at a file or another host. */
const REFUSED_CLUSTER_FIELDS: Readonly<Record<string, string>> = {
  'certificate-authority': 'names a file on the server; put the CA in certificate-authority-data',
  'proxy-url': 'sends the requests through a proxy',
};

/** User fields that run a program, read a file or call an identity provider. */
const REFUSED_USER_FIELDS: Readonly<Record<string, string>> = {
  exec: 'runs a program',
  'auth-provider': 'runs a program or calls an identity provider (gcp, azure, oidc)',
  'token-file': 'reads a file on the server; put the token in token',
  tokenFile: 'reads a file on the server; put the token in token',
  'client-certificate': 'names a file on the server; put the certificate in client-certificate-data',
  'client-key': 'names a file on the server; put the key in client-key-data',
};

/** Characters an HTTP header value cannot carry (node-fetch refuses them, quoting the value). */
const NOT_IN_HEADER = /[^\t\x20-\x7e\x80-\xff]/;

class Refused extends Error {}

function refuse(message: string): never {
  throw new Refused(`kubeconfig: ${message}`);
}

function mapping(value: unknown, field: string): Mapping {
  if (value === undefined || value === null) return {};
  if (!isMapping(value)) refuse(`${field} is not a mapping`);
  return value;
}

function list(doc: Mapping, field: string): unknown[] {
  const value = doc[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) refuse(`${field} is not a list`);
  return value;
}

/** An optional string field; anything else (a number, a !!binary) is refused by name. */
function text(entry: Mapping, key: string, field: string): string | undefined {
  const value = entry[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') refuse(`${field}.${key} is not a string`);
  return value;
}

function name(entry: unknown, field: string): string {
  if (!isMapping(entry)) refuse(`${field} is not a mapping`);
  const value = entry.name;
  if (typeof value !== 'string' || value === '') refuse(`${field}.name is missing`);
  return value;
}

/** A refused field counts when it says something; `exec: null` or `client-key: ""` runs nothing. */
function refuseFields(entry: Mapping, refused: Readonly<Record<string, string>>, field: string): void {
  for (const [key, why] of Object.entries(refused)) {
    const value = entry[key];
    if (value !== undefined && value !== null && value !== '') refuse(`${field}.${key} ${why}; ${USE_CLI}`);
  }
}

/** A header value must hold no line break or control character; surrounding whitespace is dropped, as client-go does for token files. */
function headerValue(entry: Mapping, key: string, field: string): string | undefined {
  const value = text(entry, key, field)?.trim();
  if (value !== undefined && NOT_IN_HEADER.test(value))
    refuse(`${field}.${key} holds a line break or control character an HTTP header cannot carry`);
  return value === '' ? undefined : value;
}

function cluster(entry: unknown, i: number): DataCluster {
  const field = `clusters[${i}]`;
  const clusterName = name(entry, field);
  const c = mapping((entry as Mapping).cluster, `${field}.cluster`);
  const at = `${field}.cluster`;
  refuseFields(c, REFUSED_CLUSTER_FIELDS, at);
  const server = text(c, 'server', at);
  if (server === undefined || server === '') refuse(`${at}.server is missing`);
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return refuse(`${at}.server is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') refuse(`${at}.server is not an http(s) URL`);
  const skip = c['insecure-skip-tls-verify'];
  if (skip !== undefined && skip !== null && typeof skip !== 'boolean') refuse(`${at}.insecure-skip-tls-verify is not true or false`);
  return {
    name: clusterName,
    server: server.replace(/\/$/, ''),
    ...optional('caData', text(c, 'certificate-authority-data', at)),
    skipTLSVerify: skip === true,
    ...optional('tlsServerName', text(c, 'tls-server-name', at)),
  };
}

function user(entry: unknown, i: number): DataUser {
  const field = `users[${i}]`;
  const userName = name(entry, field);
  const u = mapping((entry as Mapping).user, `${field}.user`);
  const at = `${field}.user`;
  refuseFields(u, REFUSED_USER_FIELDS, at);
  return {
    name: userName,
    ...optional('token', headerValue(u, 'token', at)),
    ...optional('certData', text(u, 'client-certificate-data', at)),
    ...optional('keyData', text(u, 'client-key-data', at)),
    ...optional('username', text(u, 'username', at)),
    ...optional('password', text(u, 'password', at)),
    ...optional('impersonateUser', headerValue(u, 'as', at)),
  };
}

function context(entry: unknown, i: number): DataContext {
  const field = `contexts[${i}]`;
  const contextName = name(entry, field);
  const c = mapping((entry as Mapping).context, `${field}.context`);
  const at = `${field}.context`;
  const clusterName = text(c, 'cluster', at);
  if (clusterName === undefined || clusterName === '') refuse(`${at}.cluster is missing`);
  return {
    name: contextName,
    cluster: clusterName,
    ...optional('user', text(c, 'user', at)),
    ...optional('namespace', text(c, 'namespace', at)),
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined || value === '' ? {} : ({ [key]: value } as Record<K, string>);
}

function secretsOf(users: readonly DataUser[]): string[] {
  return users.flatMap((u) => [u.token, u.password, u.keyData].filter((s): s is string => s !== undefined && s.length >= 4));
}

/**
 * Checks a kubeconfig as data: the copy to load, its context names and its current-context
 * (null when unset or not among them), or a refusal naming the first field at fault.
 */
export function checkKubeconfigAsData(kubeconfig: string): KubeconfigPolicyResult {
  try {
    const read = readKubeconfigDocument(kubeconfig);
    if (!read.ok) return { ok: false, message: read.error };
    const { doc } = read;
    const clusters = list(doc, 'clusters').map(cluster);
    const users = list(doc, 'users').map(user);
    const contexts = list(doc, 'contexts').map(context);
    const names = readContextNames(doc);
    if (!names.ok) return { ok: false, message: names.error };
    const current = doc['current-context'];
    const currentContext = typeof current === 'string' && current !== '' ? current : undefined;
    return {
      ok: true,
      config: { clusters, users, contexts, ...(currentContext ? { currentContext } : {}) },
      contexts: names.contexts,
      current: names.current,
      secrets: secretsOf(users),
    };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, message: error.message };
    // A pathological document (nesting deep enough to overflow the parser's stack).
    if (error instanceof RangeError) return { ok: false, message: 'kubeconfig: nested too deeply to read' };
    throw error;
  }
}
