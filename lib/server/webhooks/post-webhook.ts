import 'server-only';
// One webhook POST through the target guard. node:http/node:https rather than global fetch:
// node 20's fetch (undici, bundled) takes no per-request `lookup`, and the guard must see the
// address actually connected to (lib/collect/net/guarded-agent.ts). node:http never follows a
// redirect, which is what a webhook needs: a 3xx is a failed attempt, so a receiver cannot bounce
// the payload to an address the guard would have refused.
import http from 'node:http';
import https from 'node:https';
import { guardedAgentFor } from '../../collect/net/guarded-agent';
import { checkUrlTarget, TargetRefusedError, type TargetPolicy } from '../../collect/net/target-guard';

export interface PostOptions {
  policy: TargetPolicy;
  /** For the whole exchange: connecting, sending, the answer and draining it. */
  timeoutMs: number;
}

export type PostOutcome = { ok: true; status: number } | { ok: false; reason: 'refused' | 'timeout' | 'network'; message: string };

function timeoutError(): Error {
  const error = new Error('timed out');
  error.name = 'TimeoutError';
  return error;
}

/** Why the exchange failed, naming the host only: the URL's path is a secret. */
function describe(error: unknown, host: string): PostOutcome {
  if (error instanceof TargetRefusedError) return { ok: false, reason: 'refused', message: `webhook URL: ${error.message}` };
  if (error instanceof Error && error.name === 'TimeoutError')
    return { ok: false, reason: 'timeout', message: `no answer from ${host} in time` };
  // System errors say what failed and where ("connect ECONNREFUSED 127.0.0.1:5000"), never the path.
  const system = error instanceof Error && 'syscall' in error ? `: ${error.message}` : '';
  return { ok: false, reason: 'network', message: `cannot reach ${host}${system}` };
}

export async function postWebhook(url: URL, body: string, opts: PostOptions): Promise<PostOutcome> {
  const refusal = checkUrlTarget(url, opts.policy);
  if (refusal !== null) return { ok: false, reason: 'refused', message: `webhook URL: ${refusal}` };
  const agent = guardedAgentFor(url, opts.policy);
  const send = url.protocol === 'https:' ? https.request : http.request;
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const req = send(url, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'access-atlas' },
      });
      const timer = setTimeout(() => req.destroy(timeoutError()), opts.timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.on('response', (res) => {
        res.on('error', () => undefined);
        res.on('close', () => {
          clearTimeout(timer);
          resolve(res.statusCode ?? 0);
        });
        res.resume();
      });
      req.end(body);
    });
    return { ok: true, status };
  } catch (error) {
    return describe(error, url.host);
  } finally {
    agent.destroy();
  }
}
