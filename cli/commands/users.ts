// `access-atlas users add NAME --role viewer|reviewer|admin [--sources A,B] --password-stdin`
// `access-atlas users list [-o json]`, `users disable NAME`, `users enable NAME`
// `access-atlas tokens create --user NAME --name LABEL [--role R] [--sources A,B] [--expires-days N]`
// `access-atlas tokens list --user NAME [-o json]`, `tokens revoke --user NAME ID`
// The dashboard's users and API tokens, on the database this command names (as every command does).
// A password is read from stdin only (never an argument, which `ps` and shell history would show);
// a new token is printed once and stored only as its hash.
import { outputFormat, parseArgs, single, UsageError, type ParsedArgs } from '../args';
import { writeJson } from '../format';
import type { CliIo } from '../io';
import { openCliStore } from '../open-store';

const USER_FLAGS = { values: ['--role', '--sources', '-o'], booleans: ['--password-stdin'], aliases: { '--output': '-o' } };
const TOKEN_FLAGS = { values: ['--user', '--name', '--role', '--sources', '--expires-days', '-o'], aliases: { '--output': '-o' } };

async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  // One trailing newline is the end of the line, not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function roleFlag(args: ParsedArgs, fallback?: 'viewer'): Promise<'viewer' | 'reviewer' | 'admin'> {
  const { roleSchema } = await import('../../lib/server/auth/roles');
  const text = single(args, '--role') ?? fallback;
  const parsed = roleSchema.safeParse(text);
  if (!parsed.success) throw new UsageError(`--role must be viewer, reviewer or admin${text ? ` (got ${JSON.stringify(text)})` : ''}`);
  return parsed.data;
}

async function sourcesFlag(args: ParsedArgs): Promise<string[] | null> {
  const { parseSourceList } = await import('../../lib/server/auth/roles');
  const text = single(args, '--sources');
  return text === undefined ? null : parseSourceList(text);
}

async function withStore<T>(io: CliIo, fn: (store: Awaited<ReturnType<typeof openCliStore>>) => Promise<T>): Promise<T> {
  const { UserError } = await import('../../lib/server/auth/users');
  const store = await openCliStore(io);
  try {
    return await fn(store);
  } catch (error) {
    if (error instanceof UserError) throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}

export async function runUsers(argv: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = argv;
  const users = await import('../../lib/server/auth/users');
  if (action === 'add') {
    const args = parseArgs(rest, USER_FLAGS, 1);
    const name = args.positionals[0];
    if (!name || !args.booleans.has('--password-stdin'))
      throw new UsageError('usage: access-atlas users add NAME --role viewer|reviewer|admin [--sources A,B] --password-stdin');
    const role = await roleFlag(args);
    const sources = await sourcesFlag(args);
    const password = await readStdin(io);
    const user = await withStore(io, (store) => users.addUser(store, { name, role, sources, password }));
    if (outputFormat(args) === 'json') writeJson(io, user);
    else io.stdout.write(`added ${user.name} (${user.role}${user.sources ? `, sources ${user.sources.join(', ')}` : ', every source'})\n`);
    return 0;
  }
  if (action === 'list') {
    const args = parseArgs(rest, USER_FLAGS, 0);
    const list = await withStore(io, (store) => users.listUsers(store));
    if (outputFormat(args) === 'json') writeJson(io, { users: list });
    else
      for (const u of list)
        io.stdout.write(`${u.name}\t${u.role}\t${u.sources ? u.sources.join(',') : '*'}\t${u.signIn}${u.disabled ? '\tdisabled' : ''}\n`);
    return 0;
  }
  if (action === 'disable' || action === 'enable') {
    const args = parseArgs(rest, USER_FLAGS, 1);
    const name = args.positionals[0];
    if (!name) throw new UsageError(`usage: access-atlas users ${action} NAME`);
    const user = await withStore(io, (store) => users.updateUser(store, name, { disabled: action === 'disable' }));
    io.stdout.write(`${user.name} is ${user.disabled ? 'disabled; their sessions ended' : 'enabled'}\n`);
    return 0;
  }
  throw new UsageError('usage: access-atlas users add|list|disable|enable ...');
}

export async function runTokens(argv: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = argv;
  const args = parseArgs(rest, TOKEN_FLAGS, action === 'revoke' ? 1 : 0);
  const userName = single(args, '--user');
  if (!userName) throw new UsageError(`usage: access-atlas tokens ${action ?? 'create|list|revoke'} --user NAME ...`);
  const { findUser } = await import('../../lib/server/auth/users');
  const tokens = await import('../../lib/server/auth/tokens');
  const { authOf } = await import('../../lib/server/auth/auth');
  return withStore(io, async (store) => {
    const user = await findUser(store, userName);
    if (!user) throw new UsageError(`user ${userName} does not exist`);
    const auth = authOf(store);
    if (action === 'create') {
      const name = single(args, '--name');
      if (!name) throw new UsageError('tokens create needs --name LABEL (what the token is for)');
      const days = single(args, '--expires-days');
      const expiresIn = days === undefined ? null : Number(days) * 86_400;
      if (expiresIn !== null && (!Number.isInteger(Number(days)) || Number(days) < 1 || Number(days) > 366))
        throw new UsageError('--expires-days must be a whole number from 1 to 366');
      const role = await roleFlag(args, 'viewer');
      const created = await tokens.createToken(auth, { userId: user.id, name, role, sources: await sourcesFlag(args), expiresIn });
      if (outputFormat(args) === 'json') writeJson(io, { token: created.token, ...created.info });
      else io.stdout.write(`${created.token}\n`);
      io.stderr.write(`token ${created.info.id} for ${user.name}: ${created.info.role}; shown once, keep it in a file only you can read\n`);
      return 0;
    }
    if (action === 'list') {
      const list = await tokens.listTokens(auth, user.id);
      if (outputFormat(args) === 'json') writeJson(io, { tokens: list });
      else
        for (const t of list)
          io.stdout.write(
            `${t.id}\t${t.name}\t${t.role}\t${t.start ?? ''}…\tlast used ${t.lastUsedAt ?? 'never'}${t.revoked ? '\trevoked' : ''}\n`,
          );
      return 0;
    }
    if (action === 'revoke') {
      const id = args.positionals[0] ?? '';
      if (!(await tokens.revokeToken(auth, user.id, id))) throw new UsageError(`${user.name} has no token ${id}`);
      io.stdout.write(`revoked token ${id}\n`);
      return 0;
    }
    throw new UsageError('usage: access-atlas tokens create|list|revoke --user NAME ...');
  });
}
