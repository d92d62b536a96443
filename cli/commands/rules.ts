// `access-atlas rules`: every rule that applies to a subject, with its scope and path.
import { rulesOf } from '../../lib/core/rbac';
import type { PolicyRule } from '../../lib/core/kube/types';
import { outputFormat, parseArgs, UsageError } from '../args';
import { sourceSpec, SOURCE_FLAGS } from '../source-args';
import { loadQuestionSource } from '../load-question-source';
import { bindingText, roleText, table, writeJson, writeNotices } from '../format';
import type { CliIo } from '../io';

const FLAGS = { values: ['-o', ...SOURCE_FLAGS], repeatable: ['--from'], aliases: { '--output': '-o' } };

type Who = { kind: 'User' | 'Group'; name: string } | { kind: 'ServiceAccount'; name: string; namespace: string };

export function parseSubjectArg(arg: string): Who {
  const colon = arg.indexOf(':');
  const prefix = colon > 0 ? arg.slice(0, colon) : '';
  const rest = arg.slice(colon + 1);
  if (prefix === 'user' && rest !== '') return { kind: 'User', name: rest };
  if (prefix === 'group' && rest !== '') return { kind: 'Group', name: rest };
  if (prefix === 'sa') {
    const parts = rest.split('/');
    if (parts.length === 2 && parts[0] && parts[1]) return { kind: 'ServiceAccount', namespace: parts[0], name: parts[1] };
    throw new UsageError(`${arg}: a service account is sa:NAMESPACE/NAME`);
  }
  throw new UsageError(`${arg}: expected user:NAME, group:NAME or sa:NAMESPACE/NAME`);
}

function ruleText(rule: PolicyRule): { verbs: string; what: string } {
  const verbs = rule.verbs.join(',');
  if (rule.nonResourceURLs.length > 0) return { verbs, what: rule.nonResourceURLs.join(',') };
  const groups = rule.apiGroups.map((g) => (g === '' ? 'core' : g)).join(',');
  const names = rule.resourceNames.length > 0 ? ` [${rule.resourceNames.join(',')}]` : '';
  return { verbs, what: `${rule.resources.join(',')} (${groups})${names}` };
}

export async function runRules(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, FLAGS, 1);
  const [subjectArg, ...extra] = args.positionals;
  if (subjectArg === undefined || extra.length > 0)
    throw new UsageError('usage: access-atlas rules (user:NAME | group:NAME | sa:NS/NAME) SOURCE');
  const who = parseSubjectArg(subjectArg);
  const format = outputFormat(args);
  const source = await loadQuestionSource(sourceSpec(args), io);
  writeNotices(io, source.notices);
  const rules = rulesOf(source.index, who);
  if (format === 'json') {
    writeJson(io, { subject: who, rules: rules.map((r) => ({ namespace: r.namespace, rule: r.rule, matchedBy: r.match, via: r.via })) });
    return 0;
  }
  if (rules.length === 0) {
    io.stdout.write(`No rule applies to ${subjectArg}.\n`);
    return 0;
  }
  const rows = rules.map((r) => {
    const text = ruleText(r.rule);
    const via = `${r.via.kind} ${r.via.namespace ? `${r.via.namespace}/` : ''}${r.via.name}`;
    return [
      r.namespace || '(cluster)',
      text.verbs,
      text.what,
      `${bindingText(r.match)} -> ${roleText(r.match)} #${r.match.ruleIndex}`,
      via,
    ];
  });
  io.stdout.write(table(['SCOPE', 'VERBS', 'RESOURCES', 'PATH', 'VIA'], rows));
  return 0;
}
