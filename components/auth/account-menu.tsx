'use client';
// Who is signed in, with what role, and the sign-out button (better-auth's /api/auth/sign-out ends
// the session on the server, then the browser goes to sign-in).
interface Props {
  name: string;
  role: string;
  sources: readonly string[] | null;
}

export function AccountMenu({ name, role, sources }: Props) {
  async function signOut() {
    await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    window.location.assign('/sign-in');
  }
  return (
    <div className="account-menu" aria-label="Account">
      <div>
        Signed in as <strong>{name}</strong>
      </div>
      <div className="muted">
        {role}
        {sources !== null && ` · ${sources.length === 0 ? 'no sources' : sources.join(', ')}`}
      </div>
      <button type="button" className="button-secondary button-small" onClick={() => void signOut()}>
        Sign out
      </button>
    </div>
  );
}
