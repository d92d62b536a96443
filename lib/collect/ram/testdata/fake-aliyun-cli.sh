#!/usr/bin/env bash
# A stand-in for the `aliyun` CLI in tests of scripts/export-ram-account.sh: `aliyun PRODUCT ACTION
# --Param value ... [--profile NAME]` (and ACK's `aliyun cs GET PATH`) is sent to the FakeRamApi at FAKE_RAM_URL with curl, and
# answered the CLI's way: the response JSON on stdout, or an `ERROR: ... ErrorCode: ...` text on
# stderr and exit 1. Shell, not node: the export makes a call per object, and a node start per call
# was most of that test's time.
set -euo pipefail
action=${2:?usage: aliyun ram|sts|ims|resourcemanager ACTION [--Param value ...] | aliyun cs GET PATH}
shift 2
auth="authorization: ACS3-HMAC-SHA256 Credential=${FAKE_RAM_ACCESS_KEY_ID-},SignedHeaders=host,Signature=x"
# ROA (ACK): `aliyun cs GET /clusters/<id>/kubeconfig/states?...`; the stand-in tells the action by its path.
if [[ $action == GET ]]; then
  response=$(curl -sS -X GET "${FAKE_RAM_URL:-http://127.0.0.1:1}${1:?a path after GET}" -H "$auth" -w $'\n%{http_code}')
  status=${response##*$'\n'}
  body=${response%$'\n'*}
  if [[ $status == 200 ]]; then
    jq . <<<"$body"
    exit 0
  fi
  jq -r '"ERROR: SDK.ServerError\nErrorCode: \(.Code)\nMessage: \(.Message)"' <<<"$body" >&2
  exit 1
fi
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
  -H "$auth" \
  -w $'\n%{http_code}' "${form[@]}")
status=${response##*$'\n'}
body=${response%$'\n'*}
if [[ $status == 200 ]]; then
  jq . <<<"$body"
  exit 0
fi
jq -r '"ERROR: SDK.ServerError\nErrorCode: \(.Code)\nRecommend: \nRequestId: \(.RequestId)\nMessage: \(.Message)"' <<<"$body" >&2
exit 1
