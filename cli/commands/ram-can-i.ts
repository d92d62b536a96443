// `access-atlas ram can-i ACTION RESOURCE --principal user/NAME|role/NAME SOURCE [--context KEY=VALUE]...
// [--resource-group ID] [-o json]`: a principal's decision with its statements and its path through
// groups. Exit 0 Allow, 1 ExplicitDeny or ImplicitDeny, 2 bad input.
import { cloudCanI, parseContextPairs, parsePrincipalRef } from '../../lib/core/ram/account';
import { outputFormat, parseArgs, single, UsageError } from '../args';
import { writeJson } from '../format';
import { printNotices } from '../load-question-source';
import { decisionLine, pathText, statementsTable } from './ram-format';
import { loadCloudSource, RAM_SOURCE_FLAGS } from './ram-source';

const FLAGS = {
  values: ['--principal', '--context', '--resource-group', '-o', ...RAM_SOURCE_FLAGS],
  repeatable: ['--from', '--context'],
  aliases: { '--output': '-o' },
};

export async function runRamCanI(argv: string[]): Promise<number> {
  const args = parseArgs(argv, FLAGS, 2);
  const [action, resource, ...extra] = args.positionals;
  if (action === undefined || resource === undefined || extra.length > 0) {
    throw new UsageError('usage: access-atlas ram can-i ACTION RESOURCE --principal user/NAME|role/NAME SOURCE [--context KEY=VALUE]... [-o json]');
  }
  const principalText = single(args, '--principal');
  if (principalText === undefined) throw new UsageError('ram can-i needs --principal user/NAME or role/NAME');
  const principal = parsePrincipalRef(principalText);
  if (!principal.ok) throw new UsageError(principal.error);
  const context = parseContextPairs(args.values.get('--context') ?? []);
  if (!context.ok) throw new UsageError(context.error);
  const format = outputFormat(args);
  const resourceGroupId = single(args, '--resource-group');
  const source = await loadCloudSource(args, { withLinks: false });
  printNotices(source.notices);
  // The given context is the whole request, empty when no --context is given (as for ram eval).
  const result = cloudCanI(source.account, principal.value, { action, resource, context: context.value ?? new Map<string, readonly string[]>(), ...(resourceGroupId ? { resourceGroupId } : {}) });
  if (!result.ok) throw new UsageError(result.error);
  const answer = result.answer;
  if (answer.unevaluated.length > 0) printNotices([`policies left out (their documents did not parse): ${answer.unevaluated.join(', ')}`]);
  if (format === 'json') writeJson(answer);
  else {
    const paths = answer.paths.map((p) => `  ${pathText(p)}\n`).join('');
    // stdout is the decision alone, as for ram eval; the path and statements behind it go to stderr.
    process.stdout.write(decisionLine(answer.decision, answer.conditional));
    process.stderr.write((paths ? `via:\n${paths}` : '') + statementsTable(answer.statements));
  }
  return answer.decision === 'Allow' ? 0 : 1;
}
