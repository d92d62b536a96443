import 'server-only';
// Loads a kubeconfig (or the in-cluster service account) with @kubernetes/client-node and
// makes the API clients the collector uses. Every problem with the configuration becomes a
// 'bad-config' error naming the file or context; nothing of a kubeconfig's content (tokens,
// keys, server snippets) ever goes into a message. A kubeconfig given as `kubeconfigData` came
// through the dashboard: it is checked as data (kubeconfig-policy.ts) and only the checked copy
// is loaded, so it can neither run a program nor read a file.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import {
  ApisApi,
  CoreApi,
  CoreV1Api,
  CustomObjectsApi,
  IsomorphicFetchHttpLibrary,
  KubeConfig,
  RbacAuthorizationV1Api,
  type ConfigurationOptions,
  type HttpLibrary,
} from '@kubernetes/client-node';
import type { CollectError } from '../../core/snapshot/types';
import type { TargetPolicy } from '../net/target-guard';
import { guardKubeHttp } from './guarded-http';
import { checkKubeconfigAsData } from './kubeconfig-policy';

/** Where the kubelet mounts a pod's service account (k8s.io/client-go rest.InClusterConfig). */
const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Where a client's configuration comes from; the collector and the connection test take the same. */
export interface KubeTarget {
  /** Default: KUBECONFIG (a list, merged like kubectl does), else ~/.kube/config. */
  kubeconfigPath?: string;
  /** A kubeconfig's text, used as data only (exec, auth providers, file references refused). Wins over kubeconfigPath. */
  kubeconfigData?: string;
  /** Default: the kubeconfig's current-context. */
  context?: string;
  /** Use the pod's service account instead of a kubeconfig. */
  inCluster?: boolean;
  /**
   * Check every connection (and redirect hop) against the outbound-address rule: set when the
   * server URL is a dashboard user's choice (guarded-http.ts).
   */
  restrictTargets?: TargetPolicy;
}

export interface KubeClientOptions extends KubeTarget {
  /** Per request; covers connecting, the response headers and reading the body. */
  timeoutMs: number;
}

export interface KubeClient {
  /** The API server URL without any user:password part, for messages. */
  server: string;
  /** `context NAME` or `in-cluster`, for messages and the snapshot's origin. */
  identity: string;
  core: CoreV1Api;
  rbac: RbacAuthorizationV1Api;
  coreVersions: CoreApi;
  groups: ApisApi;
  groupResources: CustomObjectsApi;
  /** Pass to every call: applies the per-request timeout. */
  callOptions: ConfigurationOptions;
}

export type KubeClientResult = { ok: true; client: KubeClient } | { ok: false; error: CollectError };

export function createKubeClient(opts: KubeClientOptions): KubeClientResult {
  const loaded =
    opts.inCluster === true
      ? loadInCluster()
      : opts.kubeconfigData !== undefined
        ? loadKubeconfigData(opts.kubeconfigData, opts.context)
        : loadKubeconfig(opts.kubeconfigPath, opts.context);
  if (!loaded.ok) return loaded;
  const { kc, identity } = loaded;
  const cluster = kc.getCurrentCluster();
  if (cluster === null) return badConfig(`${identity} names a cluster that is not in the kubeconfig`);
  if (kc.getCurrentUser() === null) return badConfig(`${identity} names a user that is not in the kubeconfig`);
  const timed = timeoutHttpLibrary(opts.timeoutMs);
  const httpApi = opts.restrictTargets === undefined ? timed : guardKubeHttp(timed, opts.restrictTargets);
  return {
    ok: true,
    client: {
      server: redactServer(cluster.server),
      identity,
      core: kc.makeApiClient(CoreV1Api),
      rbac: kc.makeApiClient(RbacAuthorizationV1Api),
      coreVersions: kc.makeApiClient(CoreApi),
      groups: kc.makeApiClient(ApisApi),
      groupResources: kc.makeApiClient(CustomObjectsApi),
      callOptions: { httpApi },
    },
  };
}

type Loaded = { ok: true; kc: KubeConfig; identity: string } | { ok: false; error: CollectError };

function loadInCluster(): Loaded {
  // KubeConfig.loadFromCluster does not check these and would point at https://undefined:undefined.
  if (!process.env.KUBERNETES_SERVICE_HOST || !process.env.KUBERNETES_SERVICE_PORT) {
    return badConfig('--in-cluster works only inside a pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set');
  }
  if (!existsSync(SERVICE_ACCOUNT_TOKEN)) {
    return badConfig(`--in-cluster found no service account token at ${SERVICE_ACCOUNT_TOKEN} (is automountServiceAccountToken off?)`);
  }
  const kc = new KubeConfig();
  kc.loadFromCluster();
  return { ok: true, kc, identity: 'in-cluster' };
}

function loadKubeconfig(explicitPath: string | undefined, context: string | undefined): Loaded {
  const paths = kubeconfigPaths(explicitPath);
  const loaded: KubeConfig[] = [];
  for (const path of paths) {
    // Like kubectl, files named in KUBECONFIG that do not exist are skipped; an explicit one is not.
    if (explicitPath === undefined && paths.length > 1 && !existsSync(path)) continue;
    const one = new KubeConfig();
    try {
      one.loadFromFile(path);
    } catch (error) {
      return badConfig(describeLoadError(path, error));
    }
    loaded.push(one);
  }
  if (loaded.length === 0) return badConfig(`none of the kubeconfig files in KUBECONFIG exist: ${paths.join(delimiter)}`);
  return chooseContext(trimTokens(mergeKubeconfigs(loaded)), `kubeconfig ${paths.join(delimiter)}`, context);
}

/** The dashboard's way in: the text checked as data, and only the checked copy loaded (never the text itself). */
function loadKubeconfigData(kubeconfig: string, context: string | undefined): Loaded {
  const checked = checkKubeconfigAsData(kubeconfig);
  if (!checked.ok) return badConfig(checked.message);
  const kc = new KubeConfig();
  // DataUser's context.user may be absent; client-node then finds no user, reported below.
  kc.loadFromOptions(checked.config as Parameters<KubeConfig['loadFromOptions']>[0]);
  return chooseContext(kc, 'the kubeconfig', context);
}

function chooseContext(kc: KubeConfig, where: string, context: string | undefined): Loaded {
  const name = context ?? kc.getCurrentContext();
  if (!name) return badConfig(`${where} has no current-context; name a context (available: ${contextNames(kc)})`);
  if (kc.getContextObject(name) === null) {
    return badConfig(`context "${name}" is not in ${where} (available: ${contextNames(kc)})`);
  }
  kc.setCurrentContext(name);
  return { ok: true, kc, identity: `context ${name}` };
}

/**
 * client-go trims the whitespace around a token read from a token file
 * (https://github.com/kubernetes/client-go/blob/master/transport/token_source.go); client-node
 * sends it as read, so a file ending in a newline makes an illegal Authorization header.
 */
function trimTokens(kc: KubeConfig): KubeConfig {
  const users = kc.getUsers();
  if (!users.some((u) => typeof u.token === 'string' && u.token !== u.token.trim())) return kc;
  const trimmed = new KubeConfig();
  trimmed.loadFromOptions({
    clusters: kc.getClusters(),
    users: users.map((u) => (typeof u.token === 'string' ? { ...u, token: u.token.trim() } : u)),
    contexts: kc.getContexts(),
    currentContext: kc.getCurrentContext(),
  });
  return trimmed;
}

/** An explicit path; else KUBECONFIG's list; else ~/.kube/config (kubectl's order). */
function kubeconfigPaths(explicitPath: string | undefined): string[] {
  if (explicitPath !== undefined) return [explicitPath];
  const fromEnv = (process.env.KUBECONFIG ?? '').split(delimiter).filter((path) => path !== '');
  return fromEnv.length > 0 ? fromEnv : [join(homedir(), '.kube', 'config')];
}

/**
 * kubectl's merge rule for KUBECONFIG lists: the first file to define a cluster, user or
 * context name wins, and so does the first current-context.
 */
function mergeKubeconfigs(configs: readonly KubeConfig[]): KubeConfig {
  const [first, ...rest] = configs;
  if (first !== undefined && rest.length === 0) return first;
  const merged = new KubeConfig();
  for (const config of configs) {
    const known = {
      clusters: new Set(merged.getClusters().map((c) => c.name)),
      users: new Set(merged.getUsers().map((u) => u.name)),
      contexts: new Set(merged.getContexts().map((c) => c.name)),
    };
    for (const cluster of config.getClusters()) if (!known.clusters.has(cluster.name)) merged.addCluster(cluster);
    for (const user of config.getUsers()) if (!known.users.has(user.name)) merged.addUser(user);
    for (const ctx of config.getContexts()) if (!known.contexts.has(ctx.name)) merged.addContext(ctx);
    if (!merged.getCurrentContext() && config.getCurrentContext()) merged.setCurrentContext(config.getCurrentContext());
  }
  return merged;
}

function describeLoadError(path: string, error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT') return `kubeconfig ${path} does not exist`;
  if (code === 'EACCES' || code === 'EPERM') return `kubeconfig ${path} is not readable (permission denied)`;
  if (code === 'EISDIR') return `kubeconfig ${path} is a directory`;
  if (isYamlException(error)) {
    // js-yaml's message quotes the offending lines, which may hold a token: use only reason and position.
    const at = error.mark ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}` : '';
    return `kubeconfig ${path} is not valid YAML${at}: ${error.reason ?? 'syntax error'}`;
  }
  // client-node's own checks ("clusters[0].cluster.server is missing") name fields, never values.
  const reason = error instanceof Error ? error.message : String(error);
  return `kubeconfig ${path} is malformed: ${reason}`;
}

interface YamlException {
  name: 'YAMLException';
  reason?: string;
  mark?: { line: number; column: number };
}

function isYamlException(error: unknown): error is YamlException {
  return error instanceof Error && error.name === 'YAMLException';
}

function contextNames(kc: KubeConfig): string {
  const names = kc.getContexts().map((ctx) => ctx.name);
  return names.length > 0 ? names.join(', ') : 'none';
}

/**
 * The generated client's fetch library, with an abort signal on every request. client-node
 * 1.x has no timeout setting of its own; node-fetch honours the signal while connecting and
 * while reading the body.
 */
function timeoutHttpLibrary(timeoutMs: number): HttpLibrary {
  const inner = new IsomorphicFetchHttpLibrary();
  return {
    send(request) {
      request.setSignal(AbortSignal.timeout(timeoutMs));
      return inner.send(request);
    },
  };
}

/** A server URL may carry user:password; messages and origins must not. */
function redactServer(server: string): string {
  try {
    const url = new URL(server);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return server;
  }
}

function badConfig(message: string): { ok: false; error: CollectError } {
  return { ok: false, error: { code: 'bad-config', message } };
}
