import Link from 'next/link';
import type { Severity } from '../../lib/core/findings/types';
import type { SeverityMark as Mark } from '../../lib/server/findings/marks';
import { plural } from '../format';
import './findings.css';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`sev sev-${severity}`}>{severity}</span>;
}

/** What a mark says, in words: `3 open findings, worst high (1 built-in)`. */
export function markText(mark: Mark): string {
  const builtIn = mark.builtIn > 0 ? ` (${mark.builtIn} built-in)` : '';
  return `${plural(mark.count, 'open finding')}, worst ${mark.severity}${builtIn}`;
}

/** A small mark beside a subject or role: its worst open severity and count, opening its findings. */
export function SeverityMarkLink({ mark, href }: { mark: Mark | undefined; href: string }) {
  if (!mark) return null;
  const text = markText(mark);
  return (
    <Link className={`sev-mark sev-${mark.severity}`} href={href} title={text} aria-label={text}>
      {mark.severity} · {mark.count}
    </Link>
  );
}
