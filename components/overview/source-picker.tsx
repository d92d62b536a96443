import type { Source } from '../../lib/core/snapshot/types';

/** A plain GET form: choosing a source reloads the page for it (works without JavaScript). */
export function SourcePicker({ sources, current, keep }: { sources: Source[]; current: string; keep?: Record<string, string> }) {
  const clusters = sources.filter((s) => s.kind === 'cluster');
  if (clusters.length < 2) return null;
  return (
    <form method="get" className="toolbar" aria-label="Choose source">
      {Object.entries(keep ?? {}).map(([key, value]) => (
        <input key={key} type="hidden" name={key} value={value} />
      ))}
      <div className="field">
        <label htmlFor="source-picker">Source</label>
        <select id="source-picker" name="source" defaultValue={current}>
          {clusters.map((s) => (
            <option key={s.id} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button-secondary">
        Show
      </button>
    </form>
  );
}
