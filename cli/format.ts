// Plain-text tables for the terminal, and the two other things every command writes: a JSON answer
// on stdout and notes on stderr. JSON output never goes through the tables.
import type { Match } from '../lib/core/rbac/types';
import type { CliIo } from './io';

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export function bindingText(match: Match): string {
  const ns = match.binding.namespace ? `${match.binding.namespace}/` : '';
  return `${match.binding.kind} ${ns}${match.binding.name}`;
}

export function roleText(match: Match): string {
  return `${match.role.kind} ${match.role.name}`;
}

/** One answer, one line. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value) + '\n');
}

export function writeNotices(io: CliIo, notices: readonly string[]): void {
  for (const notice of notices) io.stderr.write(`note: ${notice}\n`);
}
