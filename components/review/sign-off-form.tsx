'use client';
// Signs a review off with a comment; who (the signed-in user) and when (its clock) are the server's. The review is closed after.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { sendJson } from './post-json';

export function SignOffForm({ reviewId, unmarked }: { reviewId: number; unmarked: number }) {
  const router = useRouter();
  const [comment, setComment] = useState('');
  const signOff = useMutation({
    mutationFn: () => sendJson(`/api/reviews/${reviewId}/sign-off`, 'POST', { comment }),
    onSuccess: () => router.refresh(),
  });
  return (
    <form
      className="query-form"
      aria-label="Sign off this review"
      onSubmit={(e) => {
        e.preventDefault();
        signOff.mutate();
      }}
    >
      <div className="field">
        <label htmlFor="sign-off-comment">Sign-off comment</label>
        <textarea id="sign-off-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      </div>
      {unmarked > 0 && <p className="field-hint">{unmarked} change(s) are not marked yet; signing off records them as unmarked.</p>}
      <div className="form-actions">
        <button type="submit" disabled={signOff.isPending}>
          Sign off review
        </button>
      </div>
      {signOff.error && (
        <p className="banner banner-error" role="alert">
          {signOff.error.message}
        </p>
      )}
    </form>
  );
}
