// Plain-text tables for the terminal; JSON output never goes through here.
import type { Match } from '../lib/core/rbac/types';

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

export function writeJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}
