#!/usr/bin/env bash
# A stand-in for the `aliyun` CLI in tests of scripts/export-ram-account.sh: `aliyun ram|sts ACTION
# --Param value ... [--profile NAME]` is sent to the FakeRamApi at FAKE_RAM_URL with curl, and
# answered the CLI's way: the response JSON on stdout, or an `ERROR: ... ErrorCode: ...` text on
# stderr and exit 1. Shell, not node: the export makes a call per object, and a node start per call
# was most of that test's time.
set -euo pipefail
action=${2:?usage: aliyun ram|sts ACTION [--Param value ...]}
shift 2
form=()
while (($# > 0)); do
  if [[ $1 == --profile ]]; then
    shift 2
    continue
  fi
  form+=(--data-urlencode "${1#--}=${2-}")
  shift 2
done
((${#form[@]} > 0)) || form=(--data '')
response=$(curl -sS -X POST "${FAKE_RAM_URL:-http://127.0.0.1:1}/" \
  -H "x-acs-action: $action" \
  -H "authorization: ACS3-HMAC-SHA256 Credential=${FAKE_RAM_ACCESS_KEY_ID-},SignedHeaders=host,Signature=x" \
  -w $'\n%{http_code}' "${form[@]}")
status=${response##*$'\n'}
body=${response%$'\n'*}
if [[ $status == 200 ]]; then
  jq . <<<"$body"
  exit 0
fi
jq -r '"ERROR: SDK.ServerError\nErrorCode: \(.Code)\nRecommend: \nRequestId: \(.RequestId)\nMessage: \(.Message)"' <<<"$body" >&2
exit 1
