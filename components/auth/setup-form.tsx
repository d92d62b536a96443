'use client';
// The first admin of an empty installation: the one-time token comes in the link's fragment
// (#token=...), which the browser never sends to a server; this form posts it with the chosen name
// and password to /api/setup, then goes to sign-in.
import { useEffect, useState, type FormEvent } from 'react';

export function SetupForm() {
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  useEffect(() => {
    const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
    setToken(match?.[1] ? decodeURIComponent(match[1]) : '');
  }, []);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const response = await fetch('/api/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, name: form.get('name'), password: form.get('password') }),
    });
    const json = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    if (response.ok) setDone(true);
    else setError(json?.error?.message ?? `Setup failed (HTTP ${response.status}).`);
  }

  if (token === null) return null;
  if (token === '') return <p role="alert">This link carries no setup token: use the link the server printed when it started.</p>;
  if (done)
    return (
      <p role="status">
        The first admin is set up. <a href="/sign-in">Sign in</a>.
      </p>
    );
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Create the first admin" className="card">
      <div className="card-body">
        <div className="field">
          <label htmlFor="name">Admin user name</label>
          <input id="name" name="name" type="text" autoComplete="username" required pattern="[a-z0-9][a-z0-9._\-]{1,63}" />
        </div>
        <div className="field">
          <label htmlFor="password">Password (12 characters or more)</label>
          <input id="password" name="password" type="password" autoComplete="new-password" required minLength={12} />
        </div>
        <button type="submit">Create admin</button>
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}
