// The "console login without MFA" indicator of a cloud user (the floor every RAM auditor checks:
// ScoutSuite ram-user-lacking-mfa, Prowler ram_user_mfa_enabled_console_access). Read from the
// decoded body (decode-bodies.ts), not from policies: RAM's console access is the login profile,
// and MFA is a bound device (lib/core/ram/ram-semantics.md A2, "Keys, login, MFA"). Pure.
import type { CloudUserBody } from './model';

/**
 * A user who can sign in to the console (a login profile that is not disabled) with no MFA
 * device bound. A source that does not report credentials (AWS authorization details) says
 * nothing either way, so the user is not flagged; nor is a user whose login profile is Inactive.
 */
export function noMfaWithLogin(user: Pick<CloudUserBody, 'credentialsReported' | 'loginProfile' | 'mfaEnabled'>): boolean {
  return user.credentialsReported !== false && user.loginProfile !== null && user.loginProfile.enabled && !user.mfaEnabled;
}
