// The root account's own AccessKeys (Prowler ram_no_root_access_key): a key of the main account is
// bound by no RAM policy. Read from CloudAccountBody.rootAccessKeys, which the RAM collectors take
// from IMS GetAccountSecurityPracticeReport's RootWithAccessKey
// (https://www.alibabacloud.com/help/en/ram/developer-reference/api-ims-2019-08-15-getaccountsecuritypracticereport).
// AWS get-account-authorization-details has no root key state (the IAM credential report does:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html), so on AWS
// the rule is not evaluated. Pure.
import type { CloudObjects } from '../ram/decode-bodies';
import { ACCOUNT_SCOPE, fieldEvidence } from './cloud-evidence';
import type { FindingDraft } from './probes';

export function rootKeysUnavailable(objects: CloudObjects): string | undefined {
  const account = objects.accounts[0];
  if (account === undefined) return 'the snapshot holds no CloudAccount';
  if (account.body.provider === 'aws')
    return "AWS get-account-authorization-details does not carry the root user's access keys (the IAM credential report does, and is not read)";
  if (account.body.rootAccessKeys !== undefined) return undefined;
  const unread = account.body.unread?.rootAccessKeys;
  return unread !== undefined
    ? `the root account's AccessKey state could not be read: ${unread}`
    : "the source does not carry the root account's AccessKey state (IMS GetAccountSecurityPracticeReport)";
}

export function rootKeyDrafts(objects: CloudObjects): FindingDraft[] {
  const account = objects.accounts[0];
  const keys = account?.body.rootAccessKeys;
  if (account === undefined || keys === undefined || keys.count === 0) return [];
  const party = { kind: 'CloudAccount', name: account.name };
  return [{ subject: party, object: null, scope: ACCOUNT_SCOPE, evidence: [fieldEvidence(party, 'rootAccessKeys', keys)] }];
}
