import 'server-only';
// The database better-auth uses for users, sessions, OIDC accounts and API tokens (the auth_* tables,
// prisma/schema.prisma), through its Prisma adapter (https://www.better-auth.com/docs/adapters/prisma).
// The adapter is handed this store's own client, each of its calls run the store's way: as a read or
// write transaction of its own. On SQLite that matters: better-sqlite3 gives Prisma one connection, a
// statement run outside a transaction would join whichever transaction is open on it, and a second
// connection would wait for the store's locks synchronously, stalling the process (open-store.ts).
import { prismaAdapter } from 'better-auth/adapters/prisma';
import type { StoreAccess } from './store-access';

/** Prisma model methods that only read; any other method runs as a write transaction. */
const READ_METHODS = new Set([
  'findFirst',
  'findFirstOrThrow',
  'findUnique',
  'findUniqueOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
]);

type ModelCall = (args: unknown) => Promise<unknown>;
type Delegates = Record<string, Record<string, ModelCall>>;

/** A stand-in for the Prisma client whose `client.<model>.<method>(args)` runs in a transaction of the store. */
function transactionalClient(access: StoreAccess): object {
  const models = new Map<string, Record<string, ModelCall>>();
  const delegate = (model: string): Record<string, ModelCall> => {
    const existing = models.get(model);
    if (existing) return existing;
    const methods = new Proxy(
      {},
      {
        get(_target, method) {
          if (typeof method !== 'string') return undefined;
          const run = READ_METHODS.has(method) ? access.read.bind(access) : access.write.bind(access);
          return (args: unknown) => run((db) => (db as unknown as Delegates)[model]![method]!(args));
        },
      },
    );
    models.set(model, methods);
    return methods;
  };
  return new Proxy(
    {},
    {
      get(_target, name) {
        // Not a thenable, and no $-methods ($transaction, $connect): the adapter runs without them.
        if (typeof name !== 'string' || name === 'then' || name.startsWith('$')) return undefined;
        return delegate(name);
      },
    },
  );
}

/** better-auth's `database` option for this store. */
export function authDatabaseAdapter(access: StoreAccess): ReturnType<typeof prismaAdapter> {
  return prismaAdapter(transactionalClient(access), {
    provider: access.dialect === 'sqlite' ? 'sqlite' : 'postgresql',
    transaction: false,
  });
}
