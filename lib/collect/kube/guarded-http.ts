import 'server-only';
// The target guard for @kubernetes/client-node 1.x, used when the API server URL comes from a
// kubeconfig that reached the dashboard (an upload, a paste, a file under the kubeconfig dir):
// such a URL is the uploader's choice, so it may name only public addresses unless
// ACCESS_ATLAS_ALLOWED_TARGETS names it. In-cluster mode and the CLI on the operator's own
// kubeconfig do not use it.
//
// How client-node sends (dist/gen/http/isomorphic-fetch.js, dist/config.js): KubeConfig's
// applySecurityAuthentication puts an http.Agent or https.Agent built from the kubeconfig's TLS
// settings on the RequestContext, and IsomorphicFetchHttpLibrary passes it to node-fetch, which
// follows redirects with that same agent. Replacing it with a guarded agent of the same class and
// options (ca, cert, key, rejectUnauthorized, servername kept) therefore checks the first
// connection and every redirect hop. Proxy agents (a kubeconfig's proxy-url) connect to the
// proxy, not the target, so they cannot be checked and are refused.
import http from 'node:http';
import https from 'node:https';
import { wrapHttpLibrary, type HttpLibrary, type RequestContext } from '@kubernetes/client-node';
import { GuardedHttpAgent, GuardedHttpsAgent, type OnRefused } from '../net/guarded-agent';
import { checkUrlTarget, TargetRefusedError, type TargetPolicy } from '../net/target-guard';

const WHAT = 'cluster server URL';

function agentOptions(agent: http.Agent): http.AgentOptions {
  // node keeps the options an agent was made with on `options` (lib/_http_agent.js).
  return { ...(agent as http.Agent & { options?: http.AgentOptions }).options };
}

function guardedReplacement(agent: unknown, url: URL, policy: TargetPolicy, onRefused: OnRefused): http.Agent {
  if (agent === undefined || agent === null) {
    return url.protocol === 'https:' ? new GuardedHttpsAgent(policy, {}, onRefused) : new GuardedHttpAgent(policy, {}, onRefused);
  }
  const proto: unknown = Object.getPrototypeOf(agent);
  if (proto === https.Agent.prototype) return new GuardedHttpsAgent(policy, agentOptions(agent as https.Agent), onRefused);
  if (proto === http.Agent.prototype) return new GuardedHttpAgent(policy, agentOptions(agent as http.Agent), onRefused);
  throw new TargetRefusedError(
    `${WHAT}: requests through a proxy cannot be checked against the outbound-address rule and are refused`,
    url.hostname,
    null,
  );
}

/** `inner` with every request's target checked first and its connections guarded. */
export function guardKubeHttp(inner: HttpLibrary, policy: TargetPolicy): HttpLibrary {
  return wrapHttpLibrary({
    async send(request: RequestContext) {
      const url = new URL(request.getUrl());
      const refusal = checkUrlTarget(url, policy);
      if (refusal !== null) throw new TargetRefusedError(`${WHAT}: ${refusal}`, url.hostname, null);
      // node-fetch wraps a connection error in its own FetchError, keeping only the code; the
      // refusal itself is kept here so the caller gets its words (which host, which variable).
      let refused: TargetRefusedError | null = null;
      request.setAgent(guardedReplacement(request.getAgent(), url, policy, (error) => (refused ??= error)));
      try {
        return await inner.send(request).toPromise();
      } catch (error) {
        const first = refused as TargetRefusedError | null;
        if (first !== null) throw new TargetRefusedError(`${WHAT}: ${first.message}`, first.host, first.address);
        throw error;
      }
    },
  });
}
