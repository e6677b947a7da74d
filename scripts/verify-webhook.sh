#!/usr/bin/env bash
# Verifies one webhook delivery as the Standard Webhooks specification says, with openssl only.
#
#   verify-webhook.sh SECRET WEBHOOK_ID WEBHOOK_TIMESTAMP WEBHOOK_SIGNATURE BODY_FILE [SEEN_IDS_FILE]
#
# SECRET is the subscription's whsec_… secret; the next three are the request's headers of those names;
# BODY_FILE holds the request body exactly as received (byte for byte). With SEEN_IDS_FILE, an id seen
# before is refused (a replay within the five minutes) and a valid id is added to it. Prints "valid" and
# exits 0, or prints why the delivery is invalid and exits 1. NOW (Unix seconds) replaces the clock.
set -euo pipefail

secret=$1 id=$2 timestamp=$3 signatures=$4 body_file=$5 seen=${6:-}
now=${NOW:-$(date +%s)}

# 1. a fresh timestamp: a captured delivery replayed later is refused
if (( now - timestamp > 300 || timestamp - now > 300 )); then
  echo "invalid: timestamp $timestamp is more than 5 minutes from now ($now)"; exit 1
fi
# 2. the signature: base64 HMAC-SHA256 of "id.timestamp.body" with the secret's key (Base64 after whsec_)
key=$(printf '%s' "${secret#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
expected=$({ printf '%s.%s.' "$id" "$timestamp"; cat "$body_file"; } \
  | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -binary | base64 | tr -d '\n')
match=
for signature in $signatures; do   # space-separated "v1,<signature>" entries (several during a key rotation)
  [[ "$signature" == "v1,$expected" ]] && match=yes
done
if [[ -z $match ]]; then
  echo "invalid: no matching signature (forged, altered, or signed with another secret)"; exit 1
fi
# 3. each webhook-id once: the same delivery sent again within the five minutes is a replay (or a retry
#    of one already handled)
if [[ -n $seen ]]; then
  if grep -qxF -- "$id" "$seen" 2>/dev/null; then
    echo "invalid: webhook-id $id was seen before (replay)"; exit 1
  fi
  echo "$id" >> "$seen"
fi
echo valid
