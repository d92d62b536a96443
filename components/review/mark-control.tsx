'use client';
// A reviewer's verdict on one change: expected, needs follow-up or revert requested, with a note.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { sendJson } from './post-json';

export type Verdict = 'expected' | 'follow-up' | 'revert-requested';

export const VERDICT_LABELS: Record<Verdict, string> = {
  expected: 'Expected',
  'follow-up': 'Needs follow-up',
  'revert-requested': 'Revert requested',
};

export interface MarkValue {
  verdict: Verdict;
  note: string;
  markedBy: string;
  markedAt: string;
}

interface Props {
  reviewId: number;
  changeKey: string;
  /** What the change is, for the controls' accessible names. */
  label: string;
  mark: MarkValue | null;
  closed: boolean;
}

export function MarkControl({ reviewId, changeKey, label, mark, closed }: Props) {
  const router = useRouter();
  const [verdict, setVerdict] = useState<Verdict | ''>(mark?.verdict ?? '');
  const [note, setNote] = useState(mark?.note ?? '');
  const id = useId();
  const save = useMutation({
    mutationFn: () => sendJson('/api/reviews/' + reviewId + '/marks', 'PUT', { changeKey, verdict, note }),
    onSuccess: () => router.refresh(),
  });
  if (closed) {
    return (
      <p className="review-mark-result">
        {mark ? (
          <>
            <span className={`badge verdict-${mark.verdict}`}>{VERDICT_LABELS[mark.verdict]}</span> by {mark.markedBy}
            {mark.note && <> · “{mark.note}”</>}
          </>
        ) : (
          <span className="muted">Not marked</span>
        )}
      </p>
    );
  }
  return (
    <form
      className="review-mark"
      aria-label={`Mark: ${label}`}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <fieldset>
        <legend className="visually-hidden">Verdict on {label}</legend>
        {(Object.keys(VERDICT_LABELS) as Verdict[]).map((v) => (
          <label key={v} className="verdict-option">
            <input type="radio" name={`${id}-verdict`} value={v} checked={verdict === v} onChange={() => setVerdict(v)} />
            {VERDICT_LABELS[v]}
          </label>
        ))}
      </fieldset>
      <label className="visually-hidden" htmlFor={`${id}-note`}>
        Note on {label}
      </label>
      <input id={`${id}-note`} type="text" placeholder="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="submit" disabled={verdict === '' || save.isPending} aria-label={`Save mark: ${label}`}>
        Save mark
      </button>
      {mark && !save.isPending && (
        <span className="review-mark-result" role="status">
          Marked <span className={`badge verdict-${mark.verdict}`}>{VERDICT_LABELS[mark.verdict]}</span> by {mark.markedBy}
        </span>
      )}
      {save.error && (
        <span className="banner banner-error" role="alert">
          {save.error.message}
        </span>
      )}
    </form>
  );
}
