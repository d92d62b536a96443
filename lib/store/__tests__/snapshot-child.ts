import 'server-only';
// A separate process for the store suite: starts a snapshot, then either dies without a
// trace (SIGKILL, as a crash would) or finishes it when told to on stdin.
// Protocol: argv[2] is JSON ChildArgs; stdout gets one JSON line per step.
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { openStore } from '../index';
import { collected, manyRoles, role } from './objects';

export const childArgsSchema = z.object({
  url: z.string(),
  source: z.string(),
  mode: z.enum(['crash', 'finish']),
  /** Roles to finish with; `variant` changes the verbs of every 7th, so two children differ. */
  roles: z.number().int().default(100),
  variant: z.number().int().default(0),
});
export type ChildArgs = z.input<typeof childArgsSchema>;

function say(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

const args = childArgsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
const store = await openStore({ databaseUrl: args.url });
const source = await store.ensureSource({ name: args.source, kind: 'cluster' });
const started = await store.startSnapshot(source.id, `child ${process.pid}`);
say({ started: started.id });
if (args.mode === 'crash') process.kill(process.pid, 'SIGKILL');

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== 'go') continue;
  const variant = args.variant;
  const objects = manyRoles(args.roles).map((o, i) => (i % 7 === variant ? role(o.namespace, o.name, ['get', `v${variant}`]) : o));
  const summary = await store.finishSnapshot(started.id, collected(objects));
  say({ finished: summary.id, seq: summary.seq, digest: summary.digest });
  break;
}
lines.close();
await store.close();
