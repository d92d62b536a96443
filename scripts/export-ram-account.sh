#!/usr/bin/env bash
# Exports an Alibaba Cloud RAM account in the layout Access Atlas imports (lib/collect/README.md,
# "RAM account export"), with the aliyun CLI and jq, read-only calls only. The same calls the live
# collector makes: users with groups, policies, AccessKeys (+ last used), login profile and MFA;
# groups and their policies; roles (GetRole for the trust policy) and their policies; every custom
# policy and every attached system policy with its default version (GetPolicy).
#
# Also the account-level inputs: the password policy, the security preferences (IMS, MFA at login),
# the account's security report (the root account's AccessKeys), the policy attachments of Resource
# Manager (grants scoped to a resource group), and ACK's kubeconfig inventory of each cluster named
# with -c. A denied one of these is left out with a note on stderr (its rules are then not evaluated).
#
# Usage: scripts/export-ram-account.sh [-p PROFILE] [-c ACK_CLUSTER_ID]... > ram-account.json
# Needs: aliyun CLI (configured; least privilege: AliyunRAMReadOnlyAccess, plus
# AliyunResourceManagerReadOnlyAccess and cs:ListClusterKubeconfigStates for those inputs), jq 1.6+.
# Never prints credentials: the AccessKey secret is not returned by any call made here.
set -euo pipefail

profile_args=()
clusters=()
while (($# > 0)); do
  case $1 in
    -p | --profile) profile_args=(--profile "${2:?a profile name after $1}") ;;
    -c | --cluster) clusters+=("${2:?an ACK cluster id after $1}") ;;
    *) echo "usage: $0 [-p PROFILE] [-c ACK_CLUSTER_ID]... > ram-account.json" >&2; exit 2 ;;
  esac
  shift 2
done
command -v aliyun >/dev/null || { echo "$0: the aliyun CLI is not installed" >&2; exit 1; }
command -v jq >/dev/null || { echo "$0: jq is not installed" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

call() { aliyun "$@" ${profile_args[@]+"${profile_args[@]}"}; }

# Runs one RAM call; prints its JSON, or `null` when RAM answers EntityNotExist.* (no login
# profile, no MFA device, a policy deleted since it was attached). Any other error stops the export.
ram_or_null() {
  local out
  if out=$(call ram "$@" 2>"$work/err"); then
    printf '%s\n' "$out"
  elif grep -q 'EntityNotExist' "$work/err"; then
    echo null
  else
    echo "$0: aliyun ram $1 failed:" >&2
    cat "$work/err" >&2
    exit 1
  fi
}

# An optional input: its JSON, or `null` with a note on stderr when the call fails (a denied
# Resource Manager or ACK call must not cost the whole export). $1 what, then the aliyun arguments.
optional() {
  local what=$1 out
  shift
  if out=$(call "$@" 2>"$work/err"); then
    printf '%s\n' "$out"
  else
    echo "$0: $what left out: $(grep -m1 'ErrorCode' "$work/err" || head -n1 "$work/err")" >&2
    echo null
  fi
}

# All items of a Marker/IsTruncated list, one JSON array. $1 action, $2 outer key, $3 inner key.
paged() {
  local action=$1 outer=$2 inner=$3 marker='' n=0
  shift 3
  while :; do
    n=$((n + 1))
    if [[ -n $marker ]]; then
      call ram "$action" "$@" --MaxItems 1000 --Marker "$marker" >"$work/page-$n.json"
    else
      call ram "$action" "$@" --MaxItems 1000 >"$work/page-$n.json"
    fi
    [[ $(jq -r '.IsTruncated // false' "$work/page-$n.json") == true ]] || break
    marker=$(jq -r '.Marker' "$work/page-$n.json")
  done
  jq -s --arg o "$outer" --arg i "$inner" '[.[] | .[$o][$i] // [] | .[]]' "$work"/page-*.json
  rm -f "$work"/page-*.json
}

account_id=$(call sts GetCallerIdentity | jq -r '.AccountId')
alias=$(ram_or_null GetAccountAlias | jq -r '.AccountAlias // empty')

# Users: GetUser (LastLoginDate) + memberships, attachments, keys, login profile, MFA.
mkdir -p "$work/users"
paged ListUsers Users User | jq -r '.[].UserName' >"$work/user-names"
while IFS= read -r user; do
  [[ -n $user ]] || continue
  ram_or_null GetUser --UserName "$user" >"$work/u.json"
  [[ $(cat "$work/u.json") != null ]] || continue # deleted meanwhile
  ram_or_null ListGroupsForUser --UserName "$user" >"$work/g.json"
  ram_or_null ListPoliciesForUser --UserName "$user" >"$work/p.json"
  ram_or_null ListAccessKeys --UserName "$user" >"$work/k.json"
  echo '[]' >"$work/keys.json"
  for key in $(jq -r '.AccessKeys.AccessKey // [] | .[].AccessKeyId' "$work/k.json"); do
    used=$(ram_or_null GetAccessKeyLastUsed --UserName "$user" --UserAccessKeyId "$key" | jq -c '.AccessKeyLastUsed.LastUsedDate // null')
    jq --arg id "$key" --argjson used "$used" \
      '. + [(input.AccessKeys.AccessKey[] | select(.AccessKeyId == $id) | . + {LastUsedDate: $used})]' \
      "$work/keys.json" "$work/k.json" >"$work/keys.next" && mv "$work/keys.next" "$work/keys.json"
  done
  ram_or_null GetLoginProfile --UserName "$user" >"$work/l.json"
  ram_or_null GetUserMFAInfo --UserName "$user" >"$work/m.json"
  jq -n --slurpfile u "$work/u.json" --slurpfile g "$work/g.json" --slurpfile p "$work/p.json" \
    --slurpfile k "$work/keys.json" --slurpfile l "$work/l.json" --slurpfile m "$work/m.json" \
    '$u[0].User + {
       Groups: ($g[0].Groups.Group // []),
       Policies: ($p[0].Policies.Policy // []),
       AccessKeys: $k[0],
       LoginProfile: ($l[0].LoginProfile // null),
       MFADevice: ($m[0].MFADevice // null)
     }' >"$work/users/$(printf '%06d' "$(ls "$work/users" | wc -l)").json"
done <"$work/user-names"

# Groups and their attachments.
mkdir -p "$work/groups"
paged ListGroups Groups Group >"$work/group-list.json"
for i in $(jq -r 'keys[]' "$work/group-list.json"); do
  group=$(jq -r --argjson i "$i" '.[$i].GroupName' "$work/group-list.json")
  ram_or_null ListPoliciesForGroup --GroupName "$group" >"$work/p.json"
  jq --argjson i "$i" --slurpfile p "$work/p.json" '.[$i] + {Policies: ($p[0].Policies.Policy // [])}' \
    "$work/group-list.json" >"$work/groups/$(printf '%06d' "$i").json"
done

# Roles: GetRole has the trust policy (AssumeRolePolicyDocument); ListRoles does not.
mkdir -p "$work/roles"
paged ListRoles Roles Role | jq -r '.[].RoleName' >"$work/role-names"
while IFS= read -r role; do
  [[ -n $role ]] || continue
  ram_or_null GetRole --RoleName "$role" >"$work/r.json"
  [[ $(cat "$work/r.json") != null ]] || continue
  ram_or_null ListPoliciesForRole --RoleName "$role" >"$work/p.json"
  jq --slurpfile p "$work/p.json" '.Role + {Policies: ($p[0].Policies.Policy // [])}' "$work/r.json" \
    >"$work/roles/$(printf '%06d' "$(ls "$work/roles" | wc -l)").json"
done <"$work/role-names"

# Policies: every custom one, plus the system ones attached to someone (an unattached system
# policy grants nothing), each with its default version's document.
mkdir -p "$work/policies"
{
  paged ListPolicies Policies Policy --PolicyType Custom | jq -r '.[] | "Custom\t\(.PolicyName)"'
  cat "$work"/users/*.json "$work"/groups/*.json "$work"/roles/*.json 2>/dev/null |
    jq -r '.Policies[]? | "\(.PolicyType)\t\(.PolicyName)"'
} | sort -u >"$work/policy-names"
while IFS=$'\t' read -r type name; do
  [[ -n $name ]] || continue
  ram_or_null GetPolicy --PolicyType "$type" --PolicyName "$name" >"$work/pol.json"
  [[ $(cat "$work/pol.json") != null ]] || continue # deleted: the importer warns about it by name
  jq '.Policy + {DefaultPolicyVersion: .DefaultPolicyVersion}' "$work/pol.json" \
    >"$work/policies/$(printf '%06d' "$(ls "$work/policies" | wc -l)").json"
done <"$work/policy-names"

# Account-level inputs, each optional.
optional 'the password policy' ram GetPasswordPolicy | jq '.PasswordPolicy? // null' >"$work/password.json"
optional 'the security preferences' ims GetSecurityPreference | jq '.SecurityPreference? // null' >"$work/preference.json"
optional 'the security report' ims GetAccountSecurityPracticeReport | jq '.AccountSecurityPracticeInfo? // null' >"$work/report.json"

# Resource Manager's attachments, 100 a page until TotalCount; null when denied. Those scoped to a
# resource group add to the policies to export (a policy granted only there is still needed).
echo '[]' >"$work/attachments.json"
for ((page = 1; ; page++)); do
  optional 'the resource-group policy attachments' resourcemanager ListPolicyAttachments --PageNumber "$page" --PageSize 100 >"$work/att.json"
  if [[ $(cat "$work/att.json") == null ]]; then echo null >"$work/attachments.json" && break; fi
  jq -s '.[0] + (.[1].PolicyAttachments.PolicyAttachment // [])' "$work/attachments.json" "$work/att.json" >"$work/att.next" &&
    mv "$work/att.next" "$work/attachments.json"
  [[ $(jq -s '(.[0] | length) < (.[1].TotalCount // 0) and ((.[1].PolicyAttachments.PolicyAttachment // []) | length) > 0' \
    "$work/attachments.json" "$work/att.json") == true ]] || break
done
jq -r --arg id "$account_id" '.[]? | select(.ResourceGroupId != $id) | "\(.PolicyType)\t\(.PolicyName)"' "$work/attachments.json" |
  sort -u | while IFS=$'\t' read -r type name; do
  [[ -n $name ]] || continue
  [[ -z $(jq -r --arg t "$type" --arg n "$name" 'select(.PolicyType == $t and .PolicyName == $n) | .PolicyName' "$work"/policies/*.json 2>/dev/null) ]] || continue
  ram_or_null GetPolicy --PolicyType "$type" --PolicyName "$name" >"$work/pol.json"
  [[ $(cat "$work/pol.json") != null ]] || continue
  jq '.Policy + {DefaultPolicyVersion: .DefaultPolicyVersion}' "$work/pol.json" \
    >"$work/policies/$(printf '%06d' "$(ls "$work/policies" | wc -l)").json"
done

# ACK's kubeconfig inventory of each cluster given with -c, 50 a page until total_count.
mkdir -p "$work/clusters"
for cluster in ${clusters[@]+"${clusters[@]}"}; do
  echo '[]' >"$work/states.json"
  for ((page = 1; ; page++)); do
    optional "the kubeconfig inventory of ACK cluster $cluster" cs GET "/clusters/$cluster/kubeconfig/states?pageNumber=$page&pageSize=50" \
      >"$work/kc.json" 2>"$work/kc.err"
    if [[ $(cat "$work/kc.json") == null ]]; then echo null >"$work/states.json" && break; fi
    jq -s '.[0] + (.[1].states // [])' "$work/states.json" "$work/kc.json" >"$work/states.next" && mv "$work/states.next" "$work/states.json"
    [[ $(jq -s '(.[0] | length) < (.[1].page.total_count // 0) and ((.[1].states // []) | length) > 0' "$work/states.json" "$work/kc.json") == true ]] || break
  done
  # A cluster that could not be read is kept with why, so the importer does not take it as clean.
  cat "$work/kc.err" >&2
  jq --arg id "$cluster" --arg why "$(sed "s|^$0: ||" "$work/kc.err")" \
    'if . == null then {ClusterId: $id, Unread: $why} else {ClusterId: $id, KubeconfigStates: .} end' "$work/states.json" \
    >"$work/clusters/$(printf '%06d' "$(ls "$work/clusters" | wc -l)").json"
done

# Arrays go through files: an account's users can be larger than one command-line argument may be.
collect() { if compgen -G "$1/*.json" >/dev/null; then jq -s '.' "$1"/*.json; else echo '[]'; fi; }
for part in users groups roles policies clusters; do collect "$work/$part" >"$work/$part.all.json"; done
jq -n --arg id "$account_id" --arg alias "$alias" \
  --slurpfile users "$work/users.all.json" --slurpfile groups "$work/groups.all.json" \
  --slurpfile roles "$work/roles.all.json" --slurpfile policies "$work/policies.all.json" \
  --slurpfile password "$work/password.json" --slurpfile preference "$work/preference.json" \
  --slurpfile report "$work/report.json" --slurpfile attachments "$work/attachments.json" \
  --slurpfile clusters "$work/clusters.all.json" --argjson asked "${#clusters[@]}" \
  '{AccountId: $id} + (if $alias == "" then {} else {AccountAlias: $alias} end)
   + {Users: $users[0], Groups: $groups[0], Roles: $roles[0], Policies: $policies[0]}
   + (if $password[0] == null then {} else {PasswordPolicy: $password[0]} end)
   + (if $preference[0] == null then {} else {SecurityPreference: $preference[0]} end)
   + (if $report[0] == null then {} else {AccountSecurityPracticeInfo: $report[0]} end)
   + (if $attachments[0] == null then {} else {PolicyAttachments: $attachments[0]} end)
   + (if $asked == 0 then {} else {AckClusters: $clusters[0]} end)'
