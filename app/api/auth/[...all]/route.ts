// better-auth's own endpoints (sign-in, sign-out, the session, the OIDC redirect and callback):
// https://www.better-auth.com/docs/integrations/next. Not behind withRoute, which needs a signed-in
// caller: proxy.ts guards these as every other request (Host, cross-origin writes, headers), and
// better-auth checks the Origin of its own writes and rate-limits sign-in.
import { authOf } from '../../../../lib/server/auth/auth';
import { getStore } from '../../../../lib/server/store-instance';

async function handle(request: Request): Promise<Response> {
  return authOf(await getStore()).handler(request);
}

export const GET = handle;
export const POST = handle;
