// Cloud rules read from the users' stored bodies rather than from policies: console login without
// MFA (lib/core/ram/console-mfa.ts), AccessKey age, use and count, and policies attached to users.
// Thresholds are issue 14's: an AccessKey is old, or unused, after 90 days. Pure: `now` is given.
import type { CloudObject, CloudObjects } from '../ram/decode-bodies';
import { noMfaWithLogin } from '../ram/console-mfa';
import type { AccessKeyInfo } from '../ram/model';
import { ACCOUNT_SCOPE, daysBefore, fieldEvidence, policyParty, resourceGroupScope } from './cloud-evidence';
import type { FindingDraft } from './probes';
import type { FindingParty } from './types';

export const KEY_MAX_AGE_DAYS = 90;
export const KEY_MAX_IDLE_DAYS = 90;

type User = CloudObject<'CloudUser'>;

function userParty(user: User): FindingParty {
  return { kind: 'CloudUser', name: user.name };
}

/** Users whose source reports credentials (AWS authorization details do not: credentialsReported false). */
function reportingUsers(objects: CloudObjects): User[] {
  return objects.users.filter((u) => u.body.credentialsReported !== false);
}

/** Why the credential rules cannot be answered, when some user's source does not report credentials. */
export function credentialsUnavailable(objects: CloudObjects): string | undefined {
  const silent = objects.users.filter((u) => u.body.credentialsReported === false).length;
  return silent === 0
    ? undefined
    : `the source does not report credentials (access keys, login profiles, MFA) for ${silent} of ${objects.users.length} users (AWS authorization details carry none)`;
}

/**
 * The account's MFA-at-login setting (IMS GetSecurityPreference MFAOperationForLogin), as evidence
 * beside each user: with `mandatory` the next sign-in must pass MFA, but a user with no device
 * bound is asked to bind one there, so whoever holds the password binds it; the finding stands.
 */
function loginMfaEvidence(objects: CloudObjects) {
  const account = objects.accounts[0];
  const setting = account?.body.securityPreference?.mfaOperationForLogin;
  if (account === undefined || setting === undefined) return [];
  const note =
    setting === 'mandatory'
      ? 'MFA is required at every console login: a user with no MFA device binds one at the next sign-in, with the password alone'
      : setting === 'adaptive'
        ? 'MFA is asked only at unusual logins'
        : "each user's own MFA setting applies";
  return [fieldEvidence({ kind: 'CloudAccount', name: account.name }, 'securityPreference.mfaOperationForLogin', { setting, note })];
}

export function consoleWithoutMfaDrafts(objects: CloudObjects): FindingDraft[] {
  const accountEvidence = loginMfaEvidence(objects);
  return reportingUsers(objects)
    .filter((u) => noMfaWithLogin(u.body))
    .map((u) => ({
      subject: userParty(u),
      object: null,
      scope: ACCOUNT_SCOPE,
      evidence: [
        fieldEvidence(userParty(u), 'loginProfile', u.body.loginProfile),
        fieldEvidence(userParty(u), 'mfaEnabled', false),
        ...accountEvidence,
      ],
    }));
}

function activeKeys(user: User): { key: AccessKeyInfo; index: number }[] {
  return user.body.accessKeys.flatMap((key, index) => (key.status === 'Active' ? [{ key, index }] : []));
}

function keyParty(key: AccessKeyInfo): FindingParty {
  return { kind: 'AccessKey', name: key.accessKeyId };
}

/** Active keys created more than 90 days before `now`. A key without a creation date is not judged. */
export function oldKeyDrafts(objects: CloudObjects, now: Date): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const user of reportingUsers(objects)) {
    for (const { key, index } of activeKeys(user)) {
      const age = key.createDate === undefined ? undefined : daysBefore(now, key.createDate);
      if (age === undefined || age <= KEY_MAX_AGE_DAYS) continue;
      out.push({
        subject: userParty(user),
        object: keyParty(key),
        scope: ACCOUNT_SCOPE,
        evidence: [fieldEvidence(userParty(user), `accessKeys[${index}].createDate`, { createDate: key.createDate, ageDays: age })],
      });
    }
  }
  return out;
}

/**
 * Active keys last used more than 90 days before `now`, or never used (no last-used date) and
 * created more than 90 days before it. A never-used key without a creation date is not judged.
 */
export function unusedKeyDrafts(objects: CloudObjects, now: Date): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const user of reportingUsers(objects)) {
    for (const { key, index } of activeKeys(user)) {
      const field = key.lastUsedDate === undefined ? 'createDate' : 'lastUsedDate';
      const date = key.lastUsedDate ?? key.createDate;
      const idle = date === undefined ? undefined : daysBefore(now, date);
      if (idle === undefined || idle <= KEY_MAX_IDLE_DAYS) continue;
      out.push({
        subject: userParty(user),
        object: keyParty(key),
        scope: ACCOUNT_SCOPE,
        evidence: [
          fieldEvidence(userParty(user), `accessKeys[${index}].${field}`, {
            ...(key.lastUsedDate === undefined ? { lastUsedDate: null } : {}),
            [field]: date,
            idleDays: idle,
          }),
        ],
      });
    }
  }
  return out;
}

export function multipleKeyDrafts(objects: CloudObjects): FindingDraft[] {
  return reportingUsers(objects).flatMap((user) => {
    const active = activeKeys(user);
    if (active.length <= 1) return [];
    return [
      {
        subject: userParty(user),
        object: null,
        scope: ACCOUNT_SCOPE,
        evidence: active.map(({ key, index }) => fieldEvidence(userParty(user), `accessKeys[${index}]`, key)),
      },
    ];
  });
}

/** One finding per (user, policy attached to it directly), at the attachment's scope; AWS inline user policies too. */
export function policyOnUserDrafts(objects: CloudObjects): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const user of objects.users) {
    user.body.attachedPolicies.forEach((a, index) => {
      out.push({
        subject: userParty(user),
        object: policyParty(a.policyType, a.policyName),
        scope: a.scope.kind === 'account' ? ACCOUNT_SCOPE : resourceGroupScope(a.scope.resourceGroupId),
        evidence: [fieldEvidence(userParty(user), `attachedPolicies[${index}]`, a)],
      });
    });
    (user.body.inlinePolicies ?? []).forEach((p, index) => {
      out.push({
        subject: userParty(user),
        object: policyParty('Inline', p.name),
        scope: ACCOUNT_SCOPE,
        evidence: [fieldEvidence(userParty(user), `inlinePolicies[${index}]`, { name: p.name })],
      });
    });
  }
  return out;
}
