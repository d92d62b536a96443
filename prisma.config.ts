// Prisma CLI configuration, used only at development and install time (`prisma generate`,
// `prisma migrate diff` via scripts/prisma-migration.mjs); the app never runs the CLI.
// `engine: 'js'` selects the WebAssembly schema engine, and the generator's
// `engineType = "client"` needs no native query engine: nothing is downloaded, so both work
// offline. The adapter is required by `engine: 'js'` but never touched by `generate` or by
// `migrate diff` between datamodels, so an in-memory SQLite database is enough.
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  experimental: { adapter: true },
  schema: 'prisma/schema.prisma',
  engine: 'js',
  adapter: () => Promise.resolve(new PrismaBetterSQLite3({ url: ':memory:' })),
});
