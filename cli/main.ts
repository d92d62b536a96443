// access-atlas: the CLI over the same core and store as the dashboard.
// Exit status as kubectl: 0 yes/success, 1 no (or a failed snapshot), 2 bad input or no answer.
import { QUESTION_ERROR_EXIT_CODE, QuestionError } from '../lib/server/questions/errors';
import { UsageError } from './args';
import { processIo, type CliIo } from './io';

const USAGE = `access-atlas: who can do what in Kubernetes RBAC, with history

Commands:
  snapshot (--kubeconfig PATH [--context NAME] | --in-cluster | --from PATH...) [--source NAME] [-o json]
  can-i VERB TYPE[.GROUP][/NAME] [-n NS] [--subresource SUB] --as USER [--as-group GROUP]... SOURCE [-o json]
  can-i VERB /NON/RESOURCE/URL --as USER [--as-group GROUP]... SOURCE [-o json]
  can-i --batch FILE|- SOURCE
  who-can VERB TYPE[.GROUP][/NAME] [-n NS | -A] [--subresource SUB] SOURCE [-o json]
  who-can VERB /NON/RESOURCE/URL SOURCE [-o json]
  rules (user:NAME | group:NAME | sa:NS/NAME) SOURCE [-o json]
  diff --source NAME FROM TO [-o json] [--exit-code]   (FROM/TO: id, YYYY-MM-DD, latest, latest~N)
  diff --from PATH --to PATH [-o json] [--exit-code]
  scheduler [--once] [--concurrency N] [--interval SECONDS] [-o json]   (snapshots sources on their schedules)
  snapshot --ram [--profile NAME] | --from PATH... --kind ram|aws [--source NAME] [-o json]   (a cloud account)
  ram eval --policy FILE [--policy FILE]... ACTION RESOURCE [--context KEY=VALUE]... [--principal ARN] [--aws] [-o json]
  ram can-i ACTION RESOURCE --principal user/NAME|role/NAME SOURCE [--context KEY=VALUE]... [--resource-group ID] [-o json]
  ram eval --batch FILE|- [--aws]   (one JSON request per line: {"policies", "action", "resource", "context"?, "principal"?, "aws"?})
  ram can-i --batch FILE|- SOURCE   (one JSON request per line: {"principal", "action", "resource", "context"?, "resourceGroup"?})
  ram who-can ACTION RESOURCE SOURCE [--context KEY=VALUE]... [--resource-group ID] [-o json]
  link --cluster NAME --cloud NAME --cluster-ref ID [-o json]   (ACK cluster id or EKS OIDC issuer URL)
  findings SOURCE [--rule ID]... [--min-severity S] [--hide-builtin] [-o json|sarif]
           [--baseline-from PATH... | --baseline-source NAME [--baseline-snapshot ID]] [--fail-on S]
           (risky grants and RBAC hygiene; S: critical, high, medium, low, info; --fail-on exits 1 when an
           unsuppressed finding, or with a baseline a new one, is at or above S)

SOURCE is --from PATH... (files or directories, '-' for stdin; no database)
       or --source NAME [--snapshot ID] (default: the latest complete or partial snapshot)
       (ram: --from PATH... [--kind ram|aws] reads a RAM export or aws iam get-account-authorization-details)
Environment: DATABASE_URL (postgresql://... or file:...), ACCESS_ATLAS_DATA_DIR (default ./data)
`;

// Commands load lazily: the Kubernetes client and the database driver cost seconds to import,
// and a `can-i --from` needs neither.
const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  snapshot: async (argv, io) => (await import('./commands/snapshot')).runSnapshot(argv, io),
  'can-i': async (argv, io) => (await import('./commands/can-i')).runCanI(argv, io),
  'who-can': async (argv, io) => (await import('./commands/who-can')).runWhoCan(argv, io),
  rules: async (argv, io) => (await import('./commands/rules')).runRules(argv, io),
  diff: async (argv, io) => (await import('./commands/diff')).runDiff(argv, io),
  scheduler: async (argv, io) => (await import('./commands/scheduler')).runScheduler(argv, io),
  ram: async (argv, io) => (await import('./commands/ram')).runRam(argv, io),
  link: async (argv, io) => (await import('./commands/link')).runLink(argv, io),
  findings: async (argv, io) => (await import('./commands/findings')).runFindings(argv, io),
  users: async (argv, io) => (await import('./commands/users')).runUsers(argv, io),
  tokens: async (argv, io) => (await import('./commands/users')).runTokens(argv, io),
};

/** The exit status; every command closes what it opened (store, servers, timers) before it returns. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr.write(`error: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    // A refused question (wrong kind of source, no usable snapshot, unknown name) is never a "no".
    if (error instanceof QuestionError) {
      io.stderr.write(`error: ${error.message}\n`);
      return QUESTION_ERROR_EXIT_CODE;
    }
    io.stderr.write(`error: ${(error as Error).message}\n`);
    return 2;
  }
}
