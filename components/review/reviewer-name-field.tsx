'use client';
import { useId } from 'react';
import { useReviewerName } from './use-reviewer-name';

/** "Your name": required to start, mark and sign off a review; remembered in this browser. */
export function ReviewerNameField() {
  const [name, setName] = useReviewerName();
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field reviewer-name">
      <label htmlFor={id}>Your name</label>
      <input id={id} type="text" value={name} onChange={(e) => setName(e.target.value)} aria-describedby={hintId} autoComplete="name" />
      <span id={hintId} className="field-hint">
        Required to start, mark and sign off reviews. There is no login yet: the name is remembered in this browser and recorded as typed,
        not verified.
      </span>
    </div>
  );
}
