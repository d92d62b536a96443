// A signed-in caller for tests that call route handlers directly: a user of the given role in the
// process's store (the one the handlers open) and an API token for it, sent as the CLI sends it.
import { authOf } from '../../auth/auth';
import type { Role } from '../../auth/roles';
import { createToken } from '../../auth/tokens';
import { addUser, findUser } from '../../auth/users';
import { getStore } from '../../store-instance';

import type { Store } from '../../../store';

/** Per store: a worker runs test files one after another, each with a store of its own. */
const made = new WeakMap<Store, Map<Role, Promise<string>>>();

async function makeToken(store: Store, role: Role): Promise<string> {
  const name = `test-${role}`;
  const user = (await findUser(store, name)) ?? (await addUser(store, { name, role, sources: null, password: 'a long enough password' }));
  return (await createToken(authOf(store), { userId: user.id, name: 'test', role, sources: null, expiresIn: null })).token;
}

/** `{authorization: 'Bearer ...'}` for a caller named `test-<role>` holding `role` over every source. */
export async function authorizationAs(role: Role = 'admin'): Promise<{ authorization: string }> {
  const store = await getStore();
  const tokens = made.get(store) ?? new Map<Role, Promise<string>>();
  made.set(store, tokens);
  let token = tokens.get(role);
  if (!token) {
    token = makeToken(store, role);
    tokens.set(role, token);
  }
  return { authorization: `Bearer ${await token}` };
}
