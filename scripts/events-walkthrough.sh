#!/usr/bin/env bash
# The "done when" of the events and webhooks, scripted as a user would, against the packaged jar:
#   1. a local receiver subscribed to the organization gets privatelink.endpoint.ready, validly signed,
#      shortly after each registration becomes Ready (N registrations: p50/p99, beside a reader that long-polls
#      ?waitFor=Ready and one that polls the list every 5 s, as Terraform providers do);
#   2. the receiver is down for OUTAGE seconds while registrations change: afterwards every event arrives,
#      in order per endpoint;
#   3. the service is killed (kill -9) right after changes it has not delivered yet: after a restart, every
#      event arrives, in order;
#   4. a forged and a replayed delivery are detectably invalid (scripts/verify-webhook.sh, and the receiver);
#   5. the audit log shows the allow-list changes of this run with their key ids.
#
#   ./mvnw -DskipTests package && scripts/events-walkthrough.sh
#
# Needs curl, jq, openssl and a JDK 25 (for the jar and scripts/WebhookReceiver.java). Settings: N (100),
# OUTAGE (60), PORT (18080), RECEIVER_PORT (18081), JAR (target/privatelink-control-plane-*.jar).
set -euo pipefail

N=${N:-100}
OUTAGE=${OUTAGE:-60}
PORT=${PORT:-18080}
RECEIVER_PORT=${RECEIVER_PORT:-18081}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
jars=("$ROOT"/target/privatelink-control-plane-*.jar)
JAR=${JAR:-${jars[0]}}
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
[[ -x $JAVA ]] || JAVA=java
WORK=$(mktemp -d)
BASE_URL=http://localhost:$PORT
KEY=dev-admin-key:dev-admin-secret
LOG=$WORK/received.jsonl
SECRET_FILE=$WORK/secret
SERVICE_PID= RECEIVER_PID= POLLER_PID=
echo "working in $WORK"

cleanup() {
  [[ -n $POLLER_PID ]] && kill "$POLLER_PID" 2>/dev/null || true
  [[ -n $RECEIVER_PID ]] && kill "$RECEIVER_PID" 2>/dev/null || true
  [[ -n $SERVICE_PID ]] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
  if [[ -f $WORK/.data/postgres/postmaster.pid ]]; then kill "$(head -1 "$WORK/.data/postgres/postmaster.pid")" 2>/dev/null || true; fi
}
trap cleanup EXIT

now_ms() { date +%s%3N; }
api() { # METHOD PATH [BODY]
  curl --silent --show-error --fail-with-body --user "$KEY" -X "$1" -H 'Content-Type: application/json' \
    "$BASE_URL$2" ${3:+-d "$3"}
}
start_service() {
  (cd "$WORK" && exec "$JAVA" -jar "$JAR" --server.port="$PORT" >>"$WORK/service.log" 2>&1) &
  SERVICE_PID=$!
  local begin; begin=$(now_ms)
  until curl --silent --fail "$BASE_URL/actuator/health/readiness" >/dev/null 2>&1; do
    kill -0 "$SERVICE_PID" 2>/dev/null || { echo "service exited; see $WORK/service.log"; exit 1; }
    sleep 0.5
  done
  echo "service ready in $(( $(now_ms) - begin )) ms"
}
start_receiver() {
  "$JAVA" "$ROOT/scripts/WebhookReceiver.java" "$RECEIVER_PORT" "$SECRET_FILE" "$LOG" >>"$WORK/receiver.out" 2>&1 &
  RECEIVER_PID=$!
  until curl --silent --output /dev/null "http://127.0.0.1:$RECEIVER_PORT/" 2>/dev/null; do sleep 0.2; done
}
stop_receiver() { kill "$RECEIVER_PID"; wait "$RECEIVER_PID" 2>/dev/null || true; RECEIVER_PID=; }
new_endpoint() { # -> vpce id, registered with the organization and on the service's allow list
  local id
  id=$(api POST /v1/sandbox/aws/vpcEndpoints "{\"serviceName\":\"$SERVICE_NAME\",\"region\":\"us-west-2\"}" | jq -r .result.vpcEndpointId)
  api PATCH "/v1/organizations/$ORG_ID" "{\"privateEndpoints\":{\"add\":[{\"cloudProvider\":\"aws\",\"id\":\"$id\",\"region\":\"us-west-2\"}]}}" >/dev/null
  api PATCH "/v1/organizations/$ORG_ID/services/$SERVICE_ID" "{\"privateEndpointIds\":{\"add\":[\"$id\"]}}" >/dev/null
  echo "$id"
}
percentiles() { # a list of numbers on stdin -> "n=… p50=… p99=… max=…"
  sort -n | awk '{v[NR]=$1} END {if (NR==0) {print "n=0"; exit} p50=v[int((NR-1)*0.50)+1]; p99=v[int((NR-1)*0.99)+1];
    printf "n=%d p50=%d ms p99=%d ms max=%d ms\n", NR, p50, p99, v[NR]}'
}
in_order() { # subjects... -> fails unless each got sequences 1..n, in order, all valid
  for subject in "$@"; do
    local got; got=$(jq -r --arg s "$subject" 'select(.event.subject==$s and .valid) | .event.sequence' "$LOG" | tr '\n' ' ')
    local n; n=$(wc -w <<<"$got")
    [[ $got == "$(seq -s ' ' 1 "$n") " ]] || { echo "OUT OF ORDER or missing for $subject: $got"; return 1; }
  done
}

start_service
start_receiver
ORG_ID=$(api GET /v1/organizations | jq -r '.result[0].id')
SERVICE_ID=$(api POST "/v1/organizations/$ORG_ID/services" \
  "{\"name\":\"events-walkthrough-$(date +%s)\",\"provider\":\"aws\",\"region\":\"us-west-2\",\"tier\":\"production\"}" | jq -r .result.service.id)
SERVICE_NAME=$(api GET "/v1/organizations/$ORG_ID/services/$SERVICE_ID/privateEndpointConfig" | jq -r .result.endpointServiceId)
TYPES='["privatelink.endpoint.provisioning","privatelink.endpoint.waitingforconnection","privatelink.endpoint.pendingacceptance",
"privatelink.endpoint.ready","privatelink.endpoint.failed","privatelink.endpoint.rejected","privatelink.endpoint.expired",
"privatelink.endpoint.deleting","privatelink.endpoint.removed","privatelink.allowlist.changed"]'
WEBHOOK=$(api POST "/v1/organizations/$ORG_ID/webhooks" "{\"url\":\"http://127.0.0.1:$RECEIVER_PORT/hooks\",\"eventTypes\":$TYPES}")
jq -r .result.secret <<<"$WEBHOOK" >"$SECRET_FILE"
WEBHOOK_ID=$(jq -r .result.id <<<"$WEBHOOK")
echo "subscribed webhook $WEBHOOK_ID (secret $(cut -c1-12 "$SECRET_FILE")…)"

echo "== 1. $N registrations: from Ready to the webhook, beside a long-polling reader and a 5 s poller"
( while true; do  # the Terraform-style reference: list the Ready registrations every 5 s
    t=$(now_ms); api GET "/v1/organizations/$ORG_ID/privateEndpoints?status=Ready&pageSize=1000" \
      | jq -r --arg t "$t" '.result[] | "\(.registrationId) \($t)"' >>"$WORK/polled"; sleep 5
  done ) & POLLER_PID=$!
declare -a LONGPOLLS=()
for i in $(seq 1 "$N"); do
  id=$(new_endpoint)
  ( out=$(curl --silent --user "$KEY" "$BASE_URL/v1/organizations/$ORG_ID/privateEndpoints/$id?waitFor=Ready&timeout=60s")
    echo "$(jq -r .result.registrationId <<<"$out") $(now_ms) $(jq -r .result.status <<<"$out")" >>"$WORK/longpolled" ) &
  LONGPOLLS+=($!)
done
wait_for() { # description, seconds, condition...
  local what=$1 seconds=$2; shift 2; local deadline=$(( $(date +%s) + seconds ))
  until "$@"; do (( $(date +%s) < deadline )) || { echo "TIMEOUT waiting for $what"; exit 1; }; sleep 1; done
}
wait_for "$N ready events" 300 bash -c "(( \$(jq -s '[.[] | select(.event.type==\"privatelink.endpoint.ready\" and .valid)] | length' '$LOG') >= $N ))"
wait "${LONGPOLLS[@]}"
sleep 6; kill "$POLLER_PID"; wait "$POLLER_PID" 2>/dev/null || true; POLLER_PID=
: >"$WORK/webhook.ms"; : >"$WORK/longpoll.ms"; : >"$WORK/poll5s.ms"
jq -r 'select(.event.type=="privatelink.endpoint.ready" and .valid) | "\(.event.data.registrationId) \(.event.time) \(.receivedAt)"' "$LOG" |
  while read -r rid time received; do
    ready=$(date -d "$time" +%s%3N)
    echo $(( received - ready )) >>"$WORK/webhook.ms"
    lp=$(awk -v r="$rid" '$1==r && $3=="Ready" {print $2; exit}' "$WORK/longpolled"); [[ -n $lp ]] && echo $(( lp - ready )) >>"$WORK/longpoll.ms"
    pl=$(awk -v r="$rid" '$1==r {print $2; exit}' "$WORK/polled"); [[ -n $pl ]] && echo $(( pl - ready )) >>"$WORK/poll5s.ms"
  done
echo "   Ready -> webhook received:      $(percentiles <"$WORK/webhook.ms")"
echo "   Ready -> long-poll answered:    $(percentiles <"$WORK/longpoll.ms")   (reference)"
echo "   Ready -> seen by a 5 s poller:  $(percentiles <"$WORK/poll5s.ms")   (reference)"
echo "   invalid deliveries so far: $(jq -s '[.[] | select(.valid|not)] | length' "$LOG")"

echo "== 2. the receiver is down for $OUTAGE s while 10 more registrations change"
stop_receiver
down_at=$(now_ms)
declare -a OUTAGE_IDS=()
for i in $(seq 1 10); do OUTAGE_IDS+=("$(new_endpoint)"); done
left=$(( OUTAGE - ( $(now_ms) - down_at ) / 1000 )); (( left > 0 )) && sleep "$left"
start_receiver
up_at=$(now_ms)
echo "   receiver was down $(( (up_at - down_at) / 1000 )) s"
subjects=(); for id in "${OUTAGE_IDS[@]}"; do
  subjects+=("privateEndpoints/$(api GET "/v1/organizations/$ORG_ID/privateEndpoints/$id" | jq -r .result.registrationId)"); done
all_ready() { for s in "${subjects[@]}"; do
  jq -se --arg s "$s" 'any(.[]; .event.subject==$s and .event.type=="privatelink.endpoint.ready" and .valid)' "$LOG" >/dev/null \
    || return 1; done; }
wait_for "the events of the outage" 900 all_ready
echo "   every event of the 10 arrived $(( ($(now_ms) - up_at) / 1000 )) s after the receiver came back"
in_order "${subjects[@]}" && echo "   in order per endpoint: sequences 1..n each, no gap, no duplicate"
in_order "services/$SERVICE_ID/privateEndpointIds" && echo "   the allow list's changes too"

echo "== 3. kill -9 right after changes that are not delivered yet"
stop_receiver
declare -a KILL_IDS=()
for i in $(seq 1 5); do KILL_IDS+=("$(new_endpoint)"); done
kill -9 "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null || true; SERVICE_PID=
echo "   killed"
start_service
start_receiver
subjects=(); for id in "${KILL_IDS[@]}"; do
  subjects+=("privateEndpoints/$(api GET "/v1/organizations/$ORG_ID/privateEndpoints/$id" | jq -r .result.registrationId)"); done
wait_for "the events around the kill" 900 all_ready
in_order "${subjects[@]}" "services/$SERVICE_ID/privateEndpointIds" && echo "   every event arrived, in order per resource"

echo "== 4. forged and replayed deliveries"
jq -cs 'map(select(.valid)) | .[0]' "$LOG" >"$WORK/one.json"
ID=$(jq -r '.headers."webhook-id"' "$WORK/one.json"); TS=$(jq -r '.headers."webhook-timestamp"' "$WORK/one.json")
SIG=$(jq -r '.headers."webhook-signature"' "$WORK/one.json"); SECRET=$(cat "$SECRET_FILE")
cp "$(jq -r .bodyFile "$WORK/one.json")" "$WORK/body.json"   # the exact bytes received
echo "   genuine, as received:        $(NOW=$TS "$ROOT/scripts/verify-webhook.sh" "$SECRET" "$ID" "$TS" "$SIG" "$WORK/body.json" || true)"
sed 's/"sequence":"/"sequence":"9/' "$WORK/body.json" >"$WORK/forged.json"
echo "   body altered:                $("$ROOT/scripts/verify-webhook.sh" "$SECRET" "$ID" "$TS" "$SIG" "$WORK/forged.json" || true)"
echo "   replayed 6 minutes later:    $(NOW=$(( TS + 360 )) "$ROOT/scripts/verify-webhook.sh" "$SECRET" "$ID" "$TS" "$SIG" "$WORK/body.json" || true)"
FRESH_TS=$(date +%s)
FRESH_SIG="v1,$({ printf '%s.%s.' "$ID" "$FRESH_TS"; cat "$WORK/body.json"; } | openssl dgst -sha256 -mac HMAC \
  -macopt "hexkey:$(printf '%s' "${SECRET#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')" -binary | base64 | tr -d '\n')"
echo "   replayed at once (seen ids): $("$ROOT/scripts/verify-webhook.sh" "$SECRET" "$ID" "$FRESH_TS" "$FRESH_SIG" "$WORK/body.json" "$WORK/seen" >/dev/null; \
  "$ROOT/scripts/verify-webhook.sh" "$SECRET" "$ID" "$FRESH_TS" "$FRESH_SIG" "$WORK/body.json" "$WORK/seen" || true)"
code=$(curl --silent --output /dev/null --write-out '%{http_code}' -X POST "http://127.0.0.1:$RECEIVER_PORT/hooks" \
  -H "webhook-id: forged-$(date +%s)" -H "webhook-timestamp: $(date +%s)" -H "webhook-signature: v1,$(head -c32 /dev/urandom | base64)" \
  --data-binary @"$WORK/forged.json")
echo "   a forged request sent to the receiver: HTTP $code ($(tail -1 "$LOG" | jq -r .reason))"

echo "== 5. the audit log: this run's allow-list changes, with their key ids"
api GET "/v1/organizations/$ORG_ID/auditLog?resourceType=service&pageSize=1000" | jq -r --arg s "$SERVICE_ID" '
  [.result[] | select(.resourceId==$s and any(.changes[]; .field=="privateEndpointIds"))] as $e |
  "   \($e|length) allow-list changes, by " + ([$e[].keyId] | unique | join(", ")) + "; the last: " +
  ($e[-1] | "\(.at) \(.keyId) (\(.role)) request \(.requestId): \(.changes[] | select(.field=="privateEndpointIds") | "\(.before|length) -> \(.after|length) ids")")'
echo "done; received $(wc -l <"$LOG") requests, $(jq -s '[.[] | select(.valid)] | length' "$LOG") valid"
