// A small argv parser for the CLI's public grammar (kubectl-like flags).
// `--from PATH...` may be followed by more paths: positionals beyond what the
// command takes, found right after a --from value, are extra paths.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface FlagSpec {
  /** Flags that take a value; repeatable ones collect every value. */
  values: readonly string[];
  repeatable?: readonly string[];
  booleans?: readonly string[];
  aliases?: Readonly<Record<string, string>>;
}

export interface ParsedArgs {
  positionals: string[];
  values: Map<string, string[]>;
  booleans: Set<string>;
}

interface Positional {
  value: string;
  afterFrom: boolean;
}

export function parseArgs(argv: string[], spec: FlagSpec, expectedPositionals: number): ParsedArgs {
  const values = new Map<string, string[]>();
  const booleans = new Set<string>();
  const positionals: Positional[] = [];
  let afterFrom = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      for (const rest of argv.slice(i + 1)) positionals.push({ value: rest, afterFrom: false });
      break;
    }
    if (!token.startsWith('-') || token === '-' || token.length === 1) {
      positionals.push({ value: token, afterFrom });
      continue;
    }
    const eq = token.indexOf('=');
    const rawName = eq > 0 && token.startsWith('--') ? token.slice(0, eq) : token;
    const name = spec.aliases?.[rawName] ?? rawName;
    afterFrom = false;
    if (spec.booleans?.includes(name)) {
      if (eq > 0) throw new UsageError(`${rawName} takes no value`);
      booleans.add(name);
      continue;
    }
    if (!spec.values.includes(name)) throw new UsageError(`unknown flag ${rawName}`);
    let value: string;
    if (eq > 0 && token.startsWith('--')) value = token.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new UsageError(`${rawName} needs a value`);
      value = argv[++i] as string;
    }
    const list = values.get(name) ?? [];
    if (list.length > 0 && !spec.repeatable?.includes(name)) throw new UsageError(`${rawName} given more than once`);
    list.push(value);
    values.set(name, list);
    afterFrom = name === '--from';
  }
  let extra = positionals.length - expectedPositionals;
  const kept: string[] = [];
  for (const p of positionals) {
    if (extra > 0 && p.afterFrom) {
      values.get('--from')?.push(p.value);
      extra--;
    } else kept.push(p.value);
  }
  return { positionals: kept, values, booleans };
}

export function single(args: ParsedArgs, flag: string): string | undefined {
  return args.values.get(flag)?.[0];
}

export function outputFormat(args: ParsedArgs): 'json' | 'text' {
  const o = single(args, '-o');
  if (o === undefined) return 'text';
  if (o === 'json') return 'json';
  throw new UsageError(`-o ${o}: only "json" is supported`);
}
