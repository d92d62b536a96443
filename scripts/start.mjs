#!/usr/bin/env node
// `npm start`: build once if there is no production build yet, then serve it.
// Listens on 127.0.0.1 unless ACCESS_ATLAS_HOST says otherwise. On an empty database the server
// prints a one-time link to create the first admin (lib/server/auth/first-run.ts).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

process.env.NEXT_TELEMETRY_DISABLED = '1';
const next = 'node_modules/next/dist/bin/next';
if (!existsSync('.next/BUILD_ID')) {
  console.log('No production build yet: running `next build` once (about two minutes).');
  const build = spawnSync(process.execPath, [next, 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const host = process.env.ACCESS_ATLAS_HOST || '127.0.0.1';
const port = process.env.PORT || '3000';
console.log(`Access Atlas on http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`);
const server = spawnSync(process.execPath, [next, 'start', '-H', host, '-p', port], {
  stdio: 'inherit',
  env: { ...process.env, ACCESS_ATLAS_HOST: host, PORT: port },
});
process.exit(server.status ?? 1);
