// `access-atlas ram eval|can-i|who-can`: questions to Alibaba Cloud RAM (or AWS IAM) policies.
import { UsageError } from '../args';

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  eval: async (argv) => (await import('./ram-eval')).runRamEval(argv),
  'can-i': async (argv) => (await import('./ram-can-i')).runRamCanI(argv),
  'who-can': async (argv) => (await import('./ram-who-can')).runRamWhoCan(argv),
};

export async function runRam(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const run = sub === undefined ? undefined : SUBCOMMANDS[sub];
  if (!run)
    throw new UsageError(`ram needs a subcommand: ${Object.keys(SUBCOMMANDS).join(', ')}${sub === undefined ? '' : ` (got "${sub}")`}`);
  return run(rest);
}
