// `access-atlas ram eval|can-i|who-can`: questions to Alibaba Cloud RAM (or AWS IAM) policies.
import { UsageError } from '../args';
import type { CliIo } from '../io';

const SUBCOMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  eval: async (argv, io) => (await import('./ram-eval')).runRamEval(argv, io),
  'can-i': async (argv, io) => (await import('./ram-can-i')).runRamCanI(argv, io),
  'who-can': async (argv, io) => (await import('./ram-who-can')).runRamWhoCan(argv, io),
};

export async function runRam(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const run = sub === undefined ? undefined : SUBCOMMANDS[sub];
  if (!run)
    throw new UsageError(`ram needs a subcommand: ${Object.keys(SUBCOMMANDS).join(', ')}${sub === undefined ? '' : ` (got "${sub}")`}`);
  return run(rest, io);
}
