import 'server-only';
// A small stand-in for kube-apiserver, for tests of the live collector with the real
// @kubernetes/client-node. Plain HTTP on 127.0.0.1 and a random port. It speaks the list API
// (limit/continue, metadata.continue, items without kind/apiVersion, metav1.Status errors)
// and discovery, and can be scripted to misbehave in the ways real servers do.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JsonObject } from '../../core/snapshot/types';

export interface FakeCollection {
  /** e.g. RoleList */
  listKind: string;
  apiVersion: string;
  /** As stored by the server: with metadata, without kind/apiVersion (list items carry neither). */
  items: JsonObject[];
}

export interface FakeClusterData {
  /** By collection path, e.g. `/apis/rbac.authorization.k8s.io/v1/roles`. */
  collections: Record<string, FakeCollection>;
  /** By path: `/api`, `/api/v1`, `/apis`, `/apis/GROUP/VERSION`. */
  discovery: Record<string, JsonObject>;
}

export interface FakeKubeScript {
  /** Every request gets 401, as with an expired token. */
  rejectAll?: boolean;
  /** Paths that answer 403 Forbidden. */
  forbidden?: string[];
  /** The first request for this path that carries a continue token gets 410 Gone. */
  goneOnceOn?: string;
  /** 500 for page `page` (1-based) of `path`, `times` times (Infinity: every time). */
  serverError?: { path: string; page: number; times: number };
  /** Paths that answer 503, like an aggregated API whose service is down. */
  unavailable?: string[];
  /** Wait this long before answering anything. */
  delayMs?: number;
  /** Send headers and the start of a body, then nothing more (a stalled connection). */
  stallBody?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Whether an `Authorization: Bearer` header came with it (its value is never recorded). */
  hadBearer: boolean;
}

export const FAKE_TOKEN = 'fake-token-for-tests';

export class FakeKubeApi {
  readonly requests: RecordedRequest[] = [];
  private readonly served500 = new Map<string, number>();
  private goneGiven = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private baseUrl = '';

  private constructor(
    private readonly server: Server,
    private readonly data: FakeClusterData,
    readonly script: FakeKubeScript,
  ) {}

  static async start(data: FakeClusterData, script: FakeKubeScript = {}): Promise<FakeKubeApi> {
    const holder: { api?: FakeKubeApi } = {};
    const server = createServer((req, res) => holder.api?.handle(req, res));
    const api = new FakeKubeApi(server, data, script);
    holder.api = api;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return api;
  }

  /** `http://127.0.0.1:PORT`; stays readable after close, for assertions on messages. */
  get url(): string {
    return this.baseUrl;
  }

  /** Requests for one path, in order. */
  requestsFor(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  /** Writes a kubeconfig for this server (context `fake`, bearer token) and returns its path. */
  async writeKubeconfig(dir: string, token = FAKE_TOKEN): Promise<string> {
    const path = join(dir, `kubeconfig-${this.url.split(':').pop() ?? ''}`);
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server: this.url, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'tester', user: { token } }],
      contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'tester' } }],
      'current-context': 'fake',
    };
    await writeFile(path, JSON.stringify(config, null, 2));
    return path;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const auth = req.headers.authorization ?? '';
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      hadBearer: auth.startsWith('Bearer '),
    });
    const answer = () => this.answer(url, auth, res);
    if (this.script.delayMs === undefined) return answer();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      answer();
    }, this.script.delayMs);
    this.timers.add(timer);
  }

  private answer(url: URL, auth: string, res: ServerResponse): void {
    const path = url.pathname;
    if (this.script.stallBody) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"kind":"List","items":[');
      return;
    }
    if (this.script.rejectAll || auth !== `Bearer ${FAKE_TOKEN}`) return status(res, 401, 'Unauthorized', 'Unauthorized');
    if (this.script.forbidden?.includes(path)) return status(res, 403, 'Forbidden', forbiddenMessage(path));
    if (this.script.unavailable?.includes(path))
      return status(res, 503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
    const discovery = this.data.discovery[path];
    if (discovery !== undefined) return json(res, 200, discovery);
    const collection = this.data.collections[path];
    if (collection === undefined) return status(res, 404, 'NotFound', 'the server could not find the requested resource');
    this.answerList(path, url.searchParams, collection, res);
  }

  /** limit/continue as kube-apiserver does them: a token encodes where the next page starts. */
  private answerList(path: string, params: URLSearchParams, collection: FakeCollection, res: ServerResponse): void {
    const token = params.get('continue');
    let offset = 0;
    if (token) {
      if (this.script.goneOnceOn === path && !this.goneGiven) {
        this.goneGiven = true;
        return status(
          res,
          410,
          'Expired',
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        );
      }
      const decoded = decodeToken(token);
      if (decoded === null || decoded.path !== path) return status(res, 400, 'BadRequest', 'invalid continue token');
      offset = decoded.offset;
    }
    const limit = Number(params.get('limit') ?? '0');
    const end = limit > 0 ? offset + limit : collection.items.length;
    const page = limit > 0 ? Math.floor(offset / limit) + 1 : 1;
    const failure = this.script.serverError;
    if (failure?.path === path && failure.page === page && (this.served500.get(path) ?? 0) < failure.times) {
      this.served500.set(path, (this.served500.get(path) ?? 0) + 1);
      return status(res, 500, 'InternalError', 'Internal error occurred: etcdserver: request timed out');
    }
    const metadata: JsonObject = { resourceVersion: '424242' };
    if (end < collection.items.length) {
      metadata.continue = encodeToken(path, end);
      metadata.remainingItemCount = collection.items.length - end;
    }
    json(res, 200, { kind: collection.listKind, apiVersion: collection.apiVersion, metadata, items: collection.items.slice(offset, end) });
  }
}

function encodeToken(path: string, offset: number): string {
  return Buffer.from(JSON.stringify({ path, offset })).toString('base64url');
}

function decodeToken(token: string): { path: string; offset: number } | null {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { path?: unknown; offset?: unknown };
    return typeof value.path === 'string' && typeof value.offset === 'number' ? { path: value.path, offset: value.offset } : null;
  } catch {
    return null;
  }
}

/** The message kube-apiserver's RBAC authorizer gives for a denied list. */
function forbiddenMessage(path: string): string {
  const parts = path.split('/');
  const resource = parts.at(-1) ?? '';
  const group = path.startsWith('/apis/') ? (parts[2] ?? '') : '';
  const full = group === '' ? resource : `${resource}.${group}`;
  return `${full} is forbidden: User "system:serviceaccount:atlas:reader" cannot list resource "${resource}" in API group "${group}" at the cluster scope`;
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  json(res, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

function json(res: ServerResponse, code: number, body: JsonObject): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
