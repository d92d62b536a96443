// How long a sign-in lasts. A session ends after SESSION_IDLE of no use (better-auth moves its
// expiry forward at most every SESSION_REFRESH while it is used) and SESSION_MAX after sign-in
// whatever happens: NIST SP 800-63B asks a reauthentication after at most 12 hours and allows
// ending a session after 30 minutes of inactivity at AAL2
// (https://pages.nist.gov/800-63-3/sp800-63b.html#sec4, section 4.2.3 and 7.2).
// Lockout: LOCKOUT_AFTER wrong passwords in a row lock the account for LOCKOUT_FOR.

type Env = Readonly<Record<string, string | undefined>>;

export interface SessionPolicy {
  idleSeconds: number;
  refreshSeconds: number;
  maxSeconds: number;
  lockoutAfter: number;
  lockoutSeconds: number;
}

function minutes(env: Env, name: string, fallback: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback * 60;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of minutes (got ${JSON.stringify(text)})`);
  return value * 60;
}

export function sessionPolicy(env: Env = process.env): SessionPolicy {
  const idleSeconds = minutes(env, 'ACCESS_ATLAS_SESSION_IDLE_MINUTES', 60);
  const maxSeconds = minutes(env, 'ACCESS_ATLAS_SESSION_MAX_MINUTES', 12 * 60);
  return {
    idleSeconds,
    // Writing the session back on every request would make each page view a write.
    refreshSeconds: Math.max(60, Math.floor(idleSeconds / 12)),
    maxSeconds: Math.max(maxSeconds, idleSeconds),
    lockoutAfter: 5,
    lockoutSeconds: 15 * 60,
  };
}
