'use client';
// The sign-in form: a local account's name and password, posted to better-auth's endpoint
// (/api/auth/sign-in/username), and the OIDC issuer's button when one is configured. On success the
// browser goes where it was headed (`next`, a local path the page checked).
import { useState, type FormEvent } from 'react';

interface Props {
  next: string;
  oidc: boolean;
}

async function messageOf(response: Response): Promise<string> {
  const json = (await response.json().catch(() => null)) as { message?: string } | null;
  if (response.status === 401) return 'Wrong user name or password.';
  return json?.message ?? `Sign-in failed (HTTP ${response.status}).`;
}

export function SignInForm({ next, oidc }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const response = await fetch('/api/auth/sign-in/username', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: form.get('username'), password: form.get('password') }),
    });
    if (response.ok) {
      window.location.assign(next);
      return;
    }
    setBusy(false);
    setError(await messageOf(response));
  }

  async function signInWithOidc() {
    setBusy(true);
    setError(null);
    const response = await fetch('/api/auth/sign-in/oauth2', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ providerId: 'oidc', callbackURL: next, errorCallbackURL: '/sign-in?error=oidc' }),
    });
    const json = (await response.json().catch(() => null)) as { url?: string } | null;
    if (response.ok && json?.url) {
      window.location.assign(json.url);
      return;
    }
    setBusy(false);
    setError(await messageOf(response));
  }

  return (
    <div className="card sign-in">
      <div className="card-body">
        <form onSubmit={(e) => void submit(e)} aria-label="Sign in">
          <div className="field">
            <label htmlFor="username">User name</label>
            <input id="username" name="username" type="text" autoComplete="username" required autoFocus />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input id="password" name="password" type="password" autoComplete="current-password" required />
          </div>
          <button type="submit" disabled={busy}>
            Sign in
          </button>
        </form>
        {oidc && (
          <p>
            <button type="button" className="button-secondary" disabled={busy} onClick={() => void signInWithOidc()}>
              Sign in with your organisation
            </button>
          </p>
        )}
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}
