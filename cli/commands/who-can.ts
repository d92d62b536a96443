// `access-atlas who-can`: every subject granted the request, with every path.
import { whoCan } from '../../lib/core/rbac';
import { requestNotes } from '../../lib/core/rbac/request-notes';
import { outputFormat, parseArgs, single, UsageError } from '../args';
import { sourceSpec, SOURCE_FLAGS } from '../source-args';
import { loadQuestionSource } from '../load-question-source';
import { requestFromArgs } from '../request-args';
import { bindingText, roleText, table, writeJson, writeNotices } from '../format';
import type { CliIo } from '../io';

const FLAGS = {
  values: ['-n', '--subresource', '-o', ...SOURCE_FLAGS],
  repeatable: ['--from'],
  booleans: ['-A'],
  aliases: { '--namespace': '-n', '--all-namespaces': '-A', '--output': '-o' },
};

export async function runWhoCan(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, FLAGS, 2);
  const [verb, target, ...extra] = args.positionals;
  if (verb === undefined || target === undefined || extra.length > 0) {
    throw new UsageError('usage: access-atlas who-can VERB TYPE[.GROUP][/NAME] [-n NS | -A] [--subresource SUB] SOURCE');
  }
  const namespace = single(args, '-n');
  const allNamespaces = args.booleans.has('-A');
  if (namespace !== undefined && allNamespaces) throw new UsageError('give -n NS or -A, not both');
  if (namespace === '') throw new UsageError('-n needs a non-empty namespace (omit it for a cluster-scoped request)');
  const request = requestFromArgs(verb, target, namespace ?? '', single(args, '--subresource'));
  if (allNamespaces && request.kind === 'nonResource')
    throw new UsageError(`${target} is a non-resource URL: it has no namespace (drop -A)`);
  const format = outputFormat(args);
  const source = await loadQuestionSource(sourceSpec(args), io);
  writeNotices(io, [...source.notices, ...requestNotes(request, source.objects, { allNamespaces })]);
  const answer = whoCan(source.index, request, { allNamespaces });
  if (format === 'json') {
    writeJson(io, { subjects: answer.subjects });
    return 0;
  }
  if (answer.subjects.length === 0) {
    io.stdout.write('No subject is granted this request.\n');
    return 0;
  }
  const rows = answer.subjects.flatMap((s) =>
    s.matchedBy.map((m, i) => [
      i === 0 ? s.kind : '',
      i === 0 ? (s.namespace ?? '') : '',
      i === 0 ? s.name : '',
      bindingText(m),
      roleText(m),
      String(m.ruleIndex),
    ]),
  );
  io.stdout.write(table(['KIND', 'NAMESPACE', 'NAME', 'BINDING', 'ROLE', 'RULE'], rows));
  return 0;
}
