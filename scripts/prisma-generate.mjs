#!/usr/bin/env node
// Generates both Prisma clients (lib/store/generated/{sqlite,postgres}, gitignored) from the
// committed schemas. Run at install (package.json "postinstall") and after editing the schema.
// Offline-safe: the query compiler (engineType "client") and the WebAssembly schema engine
// (prisma.config.ts) need no engine download.
import console from 'node:console';
import process from 'node:process';
import { runPrisma } from './prisma-cli.mjs';
import { POSTGRES_SCHEMA, SOURCE_SCHEMA } from './prisma-schemas.mjs';

for (const schema of [SOURCE_SCHEMA, POSTGRES_SCHEMA]) {
  const result = runPrisma(['generate', '--schema', schema]);
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    process.exit(result.status ?? 1);
  }
}
console.log('generated lib/store/generated/sqlite and lib/store/generated/postgres');
