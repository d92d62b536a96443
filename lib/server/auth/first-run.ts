import 'server-only';
// What the server prints at start when no user exists yet (setup.ts): a one-time setup link when
// it listens on loopback only (so only this machine can use it), else how to add the first admin
// with the CLI. Nothing is printed once a user exists; there is never a default password.
import type { Store } from '../../store';
import { createSetupToken, listensOnLoopbackOnly, needsSetup } from './setup';

export async function announceFirstRun(store: Store, env: Readonly<Record<string, string | undefined>> = process.env): Promise<void> {
  if (!(await needsSetup(store))) return;
  const host = env.ACCESS_ATLAS_HOST;
  if (!listensOnLoopbackOnly(host)) {
    console.log(
      'Access Atlas has no user yet. Add the first admin on this host:\n  access-atlas users add NAME --role admin --password-stdin',
    );
    return;
  }
  const token = await createSetupToken(store);
  if (!token) return;
  const port = env.PORT || '3000';
  console.log(
    `Access Atlas has no user yet. Create the first admin here (this link works once, for an hour, from this machine):\n  http://127.0.0.1:${port}/setup#token=${token}`,
  );
}
