import 'server-only';
// http/https agents whose every connection goes through the target guard: the host is checked
// when the socket is opened (node skips `lookup` for IP literals, so an agent reused for a
// redirect to http://100.100.100.200/ would otherwise connect unchecked) and host names are
// resolved through guardedLookup. Because the check sits in the agent, it covers every request
// the agent carries: each redirect hop of a client that follows redirects with the same agent
// (node-fetch does: https://github.com/node-fetch/node-fetch/blob/v2.7.0/src/index.js), and
// every retry.
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { isIP } from 'node:net';
import { checkAddress, guardedLookup, TargetRefusedError, type TargetPolicy } from './target-guard';

type ConnectCallback = (err: Error | null, stream: Duplex) => void;

/** Called with each refusal before the request fails, so a caller can report the refusal's own text. */
export type OnRefused = (error: TargetRefusedError) => void;

function refusalFor(host: string | null | undefined, policy: TargetPolicy): TargetRefusedError | null {
  const bare = (host ?? '').replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) === 0) return null;
  const reason = checkAddress(bare, policy);
  return reason === null ? null : new TargetRefusedError(reason, bare, bare);
}

/** Fails the connection the way node's agent expects a failed createConnection to. */
function refuse(error: TargetRefusedError, callback: ConnectCallback | undefined, onRefused: OnRefused | undefined): undefined {
  onRefused?.(error);
  if (callback === undefined) throw error;
  // Asynchronous, as a real connection failure is: the request has its error listener by then.
  process.nextTick(() => callback(error, undefined as unknown as Duplex));
  return undefined;
}

export class GuardedHttpAgent extends http.Agent {
  constructor(
    private readonly policy: TargetPolicy,
    options: http.AgentOptions = {},
    private readonly onRefused?: OnRefused,
  ) {
    super({ ...options, lookup: guardedLookup(policy, { onRefused }) });
  }

  override createConnection(options: http.ClientRequestArgs, callback?: ConnectCallback): Duplex | null | undefined {
    const refusal = refusalFor(options.host, this.policy);
    if (refusal !== null) return refuse(refusal, callback, this.onRefused);
    return super.createConnection(options, callback);
  }
}

export class GuardedHttpsAgent extends https.Agent {
  constructor(
    private readonly policy: TargetPolicy,
    options: https.AgentOptions = {},
    private readonly onRefused?: OnRefused,
  ) {
    super({ ...options, lookup: guardedLookup(policy, { onRefused }) });
  }

  override createConnection(options: https.RequestOptions, callback?: ConnectCallback): Duplex | null | undefined {
    const refusal = refusalFor(options.host, this.policy);
    if (refusal !== null) return refuse(refusal, callback, this.onRefused);
    return super.createConnection(options, callback);
  }
}

/** A guarded agent for the URL's protocol. */
export function guardedAgentFor(url: URL, policy: TargetPolicy, onRefused?: OnRefused): GuardedHttpAgent | GuardedHttpsAgent {
  return url.protocol === 'https:' ? new GuardedHttpsAgent(policy, {}, onRefused) : new GuardedHttpAgent(policy, {}, onRefused);
}
