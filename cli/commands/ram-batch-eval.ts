// `access-atlas ram eval --batch FILE|- [--aws]`: one request per JSON line,
// {"policies": [PATH or inline document, ...], "action", "resource", "context": {KEY: VALUE or [VALUES]},
//  "principal"?: ARN, "aws"?: boolean}, answered line by line with `ram eval -o json`'s answer. Each line
// becomes the same RamEvalQuestion the flags build (ram-eval.ts), so the answers are equal by construction.
import { z } from 'zod';
import type { NamedPolicy, PolicyGrammar } from '../../lib/core/ram/policy/types';
import type { ParsedArgs } from '../args';
import {
  answerJsonLines,
  checkBatchFile,
  contextFromObject,
  contextSchema,
  refuseSingleRequestArgs,
  requiredText,
  zodReason,
  type LineOutcome,
} from './ram-batch';
import { inputPath, type CliIo } from '../io';
import { answerRamEval, evalQuestion, grammarOf, policyFromDocument, ramEvalJson, readPolicyFile, type PolicyLoad } from './ram-eval';

const policyRefSchema = z.union([z.string().min(1), z.record(z.string(), z.unknown())], {
  error: 'each policy must be a PATH (a non-empty string) or an inline policy document (a JSON object)',
});

const evalLineSchema = z.strictObject({
  policies: z
    .array(policyRefSchema, { error: 'required: an array of policy PATHs or inline documents' })
    .min(1, 'needs at least one policy'),
  action: requiredText('e.g. ecs:StartInstance'),
  resource: requiredText('e.g. acs:ecs:*:*:instance/i-1 or *'),
  context: contextSchema.optional(),
  principal: requiredText('the caller ARN').optional(),
  aws: z.boolean({ error: 'must be true or false' }).optional(),
});

/** An answer that cannot pass for a real one: no statement, nothing allowed, and the error. */
export function evalErrorAnswer(error: string) {
  return { decision: 'ImplicitDeny', statements: [], error };
}

/**
 * Policies of a batch: each file is read and parsed once per grammar (paths are relative to the
 * command's working directory and named as given, as with --policy), and each note is printed once.
 */
class PolicyCache {
  private readonly files = new Map<string, Promise<PolicyLoad>>();
  private readonly notes = new Set<string>();

  constructor(private readonly io: CliIo) {}

  file(path: string, grammar: PolicyGrammar): Promise<PolicyLoad> {
    const key = `${grammar}\n${path}`;
    let load = this.files.get(key);
    if (load === undefined) {
      load = readPolicyFile(inputPath(this.io, path), grammar).then((loaded) => {
        if (loaded.ok) for (const w of loaded.warnings) this.note(`${path}: ${w}`, `${path}: ${w}`);
        return loaded;
      });
      this.files.set(key, load);
    }
    return load;
  }

  inline(document: unknown, grammar: PolicyGrammar, name: string, where: string): PolicyLoad {
    const loaded = policyFromDocument(document, grammar);
    if (loaded.ok) for (const w of loaded.warnings) this.note(`${name}: ${w}`, `${name} (first at ${where}): ${w}`);
    return loaded;
  }

  private note(key: string, text: string): void {
    if (this.notes.has(key)) return;
    this.notes.add(key);
    this.io.stderr.write(`note: ${text}\n`);
  }
}

async function answerEvalLine(value: unknown, where: string, defaultAws: boolean, cache: PolicyCache): Promise<LineOutcome> {
  const parsed = evalLineSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: zodReason(parsed.error) };
  const line = parsed.data;
  const aws = line.aws ?? defaultAws;
  const grammar = grammarOf(aws);
  const policies: NamedPolicy[] = [];
  for (const [i, ref] of line.policies.entries()) {
    const name = typeof ref === 'string' ? ref : `policies[${i}]`;
    const loaded = typeof ref === 'string' ? await cache.file(ref, grammar) : cache.inline(ref, grammar, name, where);
    if (!loaded.ok)
      return { ok: false, error: typeof ref === 'string' ? `policies[${i}] ${ref}: ${loaded.error}` : `${name}: ${loaded.error}` };
    policies.push({ name, type: typeof ref === 'string' ? 'File' : 'Inline', policy: loaded.policy });
  }
  const context = contextFromObject(line.context);
  const question = evalQuestion(policies, {
    action: line.action,
    resource: line.resource,
    context,
    aws,
    ...(line.principal !== undefined ? { principal: line.principal } : {}),
  });
  return { ok: true, answer: ramEvalJson(answerRamEval(question)) };
}

export async function runRamEvalBatch(args: ParsedArgs, file: string, io: CliIo): Promise<number> {
  refuseSingleRequestArgs(args, ['--policy', '--context', '--principal'], 'ACTION or RESOURCE');
  await checkBatchFile(file, io);
  // --aws is the default grammar for lines that do not say "aws".
  const defaultAws = args.booleans.has('--aws');
  const cache = new PolicyCache(io);
  return answerJsonLines(
    { file, answer: (value, where) => answerEvalLine(value, where, defaultAws, cache), errorAnswer: evalErrorAnswer },
    io,
  );
}
