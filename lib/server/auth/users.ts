import 'server-only';
// The dashboard's users: added by an admin (or the first-run setup, setup.ts), listed, given a role
// and sources, disabled. Through better-auth's own adapter and password hashing: nothing here
// hashes or compares a password.
import type { Store } from '../../store';
import { authOf } from './auth';
import { decodeStoredScope, encodeStoredScope, roleSchema, USERNAME_PATTERN, type Role, type SourceScope } from './roles';

export class UserError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export interface UserInfo {
  id: string;
  name: string;
  role: Role;
  sources: SourceScope;
  disabled: boolean;
  /** `local` (username and password) or `oidc`. */
  signIn: string;
  createdAt: string;
}

interface StoredUser {
  id: string;
  name: string;
  username?: string | null;
  role?: unknown;
  sources?: string | null;
  disabled?: boolean | null;
  email: string;
  createdAt: Date;
}

export interface NewUser {
  name: string;
  role: Role;
  sources: SourceScope;
  password: string;
}

/** A local account's email: better-auth requires one; `.invalid` can never be delivered to (RFC 2606). */
function localEmail(name: string): string {
  return `${name}@users.invalid`;
}

function infoOf(user: StoredUser): UserInfo {
  const role = roleSchema.safeParse(user.role);
  return {
    id: user.id,
    name: user.username ?? user.name,
    role: role.success ? role.data : 'viewer',
    sources: decodeStoredScope(user.sources),
    disabled: user.disabled === true,
    signIn: user.email === localEmail(user.username ?? '') ? 'local' : 'oidc',
    createdAt: new Date(user.createdAt).toISOString(),
  };
}

export async function countUsers(store: Store): Promise<number> {
  const ctx = await authOf(store).$context;
  return ctx.internalAdapter.countTotalUsers();
}

export async function findUser(store: Store, name: string): Promise<UserInfo | null> {
  const ctx = await authOf(store).$context;
  const user = await ctx.adapter.findOne<StoredUser>({ model: 'user', where: [{ field: 'username', value: name.toLowerCase() }] });
  return user ? infoOf(user) : null;
}

export async function listUsers(store: Store): Promise<UserInfo[]> {
  const ctx = await authOf(store).$context;
  const users = await ctx.adapter.findMany<StoredUser>({ model: 'user', limit: 10_000 });
  return users.map(infoOf).sort((a, b) => a.name.localeCompare(b.name));
}

/** Adds a local account; refused (naming the input) for a bad name, a taken one or a short password. */
export async function addUser(store: Store, input: NewUser): Promise<UserInfo> {
  const auth = authOf(store);
  const ctx = await auth.$context;
  if (!USERNAME_PATTERN.test(input.name)) {
    throw new UserError('name', `user name ${JSON.stringify(input.name)} must be 2-64 lower-case letters, digits, '.', '_' or '-'`);
  }
  const { minPasswordLength, maxPasswordLength } = ctx.password.config;
  if (input.password.length < minPasswordLength || input.password.length > maxPasswordLength) {
    throw new UserError('password', `the password must be ${minPasswordLength} to ${maxPasswordLength} characters long`);
  }
  if (await findUser(store, input.name)) throw new UserError('name', `user ${input.name} already exists`);
  const user = (await ctx.internalAdapter.createUser(
    {
      name: input.name,
      email: localEmail(input.name),
      username: input.name,
      displayUsername: input.name,
      role: input.role,
      sources: encodeStoredScope(input.sources),
    },
    { method: 'admin' },
  )) as unknown as StoredUser;
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: 'credential',
    accountId: user.id,
    password: await ctx.password.hash(input.password),
  });
  return infoOf(user);
}

export interface UserChange {
  role?: Role;
  sources?: SourceScope;
  disabled?: boolean;
}

/** Changes a user's role, sources or disabled state; disabling also ends their sessions. */
export async function updateUser(store: Store, name: string, change: UserChange): Promise<UserInfo> {
  const ctx = await authOf(store).$context;
  const existing = await findUser(store, name);
  if (!existing) throw new UserError('name', `user ${name} does not exist`);
  const data: Record<string, unknown> = {};
  if (change.role !== undefined) data.role = change.role;
  if (change.sources !== undefined) data.sources = encodeStoredScope(change.sources);
  if (change.disabled !== undefined) data.disabled = change.disabled;
  const updated = (await ctx.internalAdapter.updateUser(existing.id, data)) as unknown as StoredUser;
  if (change.disabled) await ctx.internalAdapter.deleteUserSessions(existing.id);
  return infoOf(updated);
}
