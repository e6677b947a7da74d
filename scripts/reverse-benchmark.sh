#!/usr/bin/env bash
# Reverse private endpoints under load, measured from outside as a user would: starts the packaged jar
# (embedded PostgreSQL, sandbox cloud) on a free port, sets up COUNT targets on the customer's side
# (endpoint services, RAM-shared resource configurations, MSK clusters, a third each) in three regions,
# POSTs COUNT reverse endpoints at once and polls their lists until every one is Ready. Prints the time
# to all Ready, p50/p99 from each POST to the poll that first saw it Ready, and the sandbox ledger's cloud
# calls per Ready endpoint (describes: EC2 DescribeVpcEndpoints and MSK listings). Beside it, in the same
# run, a reference: SINGLES endpoints created one after the other, each alone.
#   ./mvnw -DskipTests package && scripts/reverse-benchmark.sh
# COUNT (300), SINGLES (10), LATENCY (the sandbox's pending→available time, 3s), PORT (18083),
# PARALLEL (POSTs in flight, 16), JAR. Needs a JDK 25 as JAVA_HOME (or java on the PATH), curl and jq.
set -euo pipefail

COUNT=${COUNT:-300}
SINGLES=${SINGLES:-10}
LATENCY=${LATENCY:-3s}
PORT=${PORT:-18083}
PARALLEL=${PARALLEL:-16}
JAR=${JAR:-$(ls target/privatelink-control-plane-*.jar 2>/dev/null | grep -v original | head -1)}
JAVA=${JAVA_HOME:+${JAVA_HOME}/bin/}java
BASE_URL=http://localhost:${PORT}
ADMIN=dev-admin-key:dev-admin-secret
OPERATOR=dev-operator-key:dev-operator-secret
REGIONS=(us-east-1 eu-west-1 ap-southeast-1)
WORK=$(mktemp -d)
APP_PID=

[ -f "${JAR}" ] || { echo "no packaged jar (JAR=${JAR}); run ./mvnw -DskipTests package first" >&2; exit 1; }

cleanup() {
  if [ -n "${APP_PID}" ]; then kill "${APP_PID}" 2>/dev/null || true; wait "${APP_PID}" 2>/dev/null || true; fi
  rm -rf "${WORK}"
}
trap cleanup EXIT

now() { date +%s%N; }
ms() { echo $(( ($1) / 1000000 )); }

echo "starting ${JAR} on :${PORT} (sandbox reverse-endpoint latency ${LATENCY})"
"${JAVA}" -jar "${JAR}" --server.port="${PORT}" --privatelink.embedded-postgres.ephemeral=true \
  --privatelink.sandbox.latency.reverse-endpoint="${LATENCY}" --logging.level.root=warn > "${WORK}/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
  curl --silent --fail "${BASE_URL}/actuator/health/readiness" > /dev/null 2>&1 && break
  kill -0 "${APP_PID}" 2>/dev/null || { cat "${WORK}/app.log" >&2; exit 1; }
  sleep 1
done

ORG_ID=$(curl --silent --fail --user "${ADMIN}" "${BASE_URL}/v1/organizations" | jq -r '.result[0].id')
ACCOUNT=072088201116

new_service() { # region
  curl --silent --user "${ADMIN}" -X POST -H 'Content-Type: application/json' "${BASE_URL}/v1/organizations/${ORG_ID}/services" \
    -d "{\"name\":\"bench-$1-$RANDOM$RANDOM\",\"provider\":\"aws\",\"region\":\"$1\",\"tier\":\"PRODUCTION\"}" | jq -r '(.result.service // .result).id'
}

# target KIND REGION: the customer's side of one endpoint, as the create body's type-specific fields
target() {
  case $1 in
    0) curl --silent --fail --user "${ADMIN}" -X POST -H 'Content-Type: application/json' "${BASE_URL}/v1/sandbox/aws/endpointServices" \
         -d "{\"region\":\"$2\",\"acceptanceRequired\":false,\"allowedPrincipals\":[\"${ACCOUNT}\"],\"supportedRegions\":[]}" \
         | jq -c '{type:"VPC_ENDPOINT_SERVICE", vpcEndpointServiceName:.result.serviceName}' ;;
    1) curl --silent --fail --user "${ADMIN}" -X POST -H 'Content-Type: application/json' "${BASE_URL}/v1/sandbox/aws/resourceConfigurations" \
         -d "{\"region\":\"$2\",\"resource\":\"db.internal\",\"sharedWith\":[\"${ACCOUNT}\"]}" \
         | jq -c '{type:"VPC_RESOURCE", vpcResourceConfigurationId:.result.resourceConfigurationId, vpcResourceShareArn:.result.resourceShareArn}' ;;
    2) curl --silent --fail --user "${ADMIN}" -X POST -H 'Content-Type: application/json' "${BASE_URL}/v1/sandbox/aws/mskClusters" \
         -d "{\"region\":\"$2\",\"name\":\"orders\",\"authentication\":[\"SASL_IAM\"],\"allowedPrincipals\":[\"${ACCOUNT}\"]}" \
         | jq -c '{type:"MSK_MULTI_VPC", mskClusterArn:.result.clusterArn, mskAuthentication:"SASL_IAM"}' ;;
  esac
}

post() { # service body -> "id postedAtNanos"
  local at answer id
  at=$(now)
  answer=$(curl --silent --user "${ADMIN}" -X POST -H 'Content-Type: application/json' \
    "${BASE_URL}/v1/organizations/${ORG_ID}/services/$1/clickpipesReversePrivateEndpoints" \
    -d "{\"description\":\"bench\",${2#\{}")
  id=$(echo "${answer}" | jq -r '.result.id // empty')
  [ -n "${id}" ] || { echo "POST failed for $2: ${answer}" >&2; return 1; }
  echo "${id} ${at}"
}

# follow SERVICES...: polls the services' lists until every endpoint in ${WORK}/posted is Ready; writes "id readyAtNanos"
follow() {
  local total seen=0
  total=$(wc -l < "${WORK}/posted")
  for _ in $(seq 1 6000); do
    local at
    at=$(now)
    for service in "$@"; do
      curl --silent --user "${ADMIN}" "${BASE_URL}/v1/organizations/${ORG_ID}/services/${service}/clickpipesReversePrivateEndpoints" \
        | jq -r '.result[] | "\(.id) \(.status)"'
    done > "${WORK}/statuses"
    if grep -E ' (Failed|Rejected|Expired)$' "${WORK}/statuses" > /dev/null; then
      echo "an endpoint did not become Ready:" >&2; grep -E ' (Failed|Rejected|Expired)$' "${WORK}/statuses" >&2; exit 1
    fi
    # only this phase's endpoints count (the lists also hold the earlier phase's)
    awk '$2 == "Ready" {print $1}' "${WORK}/statuses" | sort | comm -12 - <(cut -d' ' -f1 "${WORK}/posted" | sort) > "${WORK}/ready-now"
    cut -d' ' -f1 "${WORK}/ready" | sort | comm -23 "${WORK}/ready-now" - | sed "s/\$/ ${at}/" >> "${WORK}/ready"
    seen=$(wc -l < "${WORK}/ready")
    [ "${seen}" -ge "${total}" ] && return 0
    sleep 0.1
  done
  echo "only ${seen} of ${total} Ready in time" >&2; exit 1
}

ledger() { # -> total describes (EC2 describes + MSK listings and describes)
  curl --silent --user "${OPERATOR}" "${BASE_URL}/v1/sandbox/ledger" > "${WORK}/ledger.json"
  jq -r '[.result.operations[] | select(.operation | test("^(describeVpcEndpoints|listMskVpcConnections|describeMskVpcConnection)$")) | .calls] | add // 0' "${WORK}/ledger.json"
}

report() { # label started finished
  join <(sort "${WORK}/posted") <(sort "${WORK}/ready") | awk '{print int(($3 - $2) / 1000000)}' | sort -n > "${WORK}/latencies"
  local n p50 p99 max describes total
  n=$(wc -l < "${WORK}/latencies")
  p50=$(awk -v n="${n}" 'NR == int((n * 50 + 99) / 100) {print; exit}' "${WORK}/latencies")
  p99=$(awk -v n="${n}" 'NR == int((n * 99 + 99) / 100) {print; exit}' "${WORK}/latencies")
  max=$(tail -1 "${WORK}/latencies")
  describes=$(ledger)
  total=$(jq -r .result.total "${WORK}/ledger.json")
  printf '%s: %d endpoints, all Ready after %d ms; POST->Ready p50 %d ms, p99 %d ms, max %d ms\n' "$1" "${n}" "$(ms "$3 - $2")" \
    "${p50}" "${p99}" "${max}"
  printf '%s: cloud calls %d in all, %.2f per Ready endpoint; describes %d, %.3f per Ready endpoint\n' "$1" "${total}" \
    "$(echo "${total} / ${n}" | bc -l)" "${describes}" "$(echo "${describes} / ${n}" | bc -l)"
  jq -r '.result.operations[] | "    \(.operation): \(.calls)"' "${WORK}/ledger.json"
}

echo "setting up the customer's side: ${COUNT} + ${SINGLES} targets in ${REGIONS[*]}"
SERVICES=()
for region in "${REGIONS[@]}"; do SERVICES+=("$(new_service "${region}")"); done
: > "${WORK}/targets"
for i in $(seq 0 $((COUNT + SINGLES - 1))); do
  r=$((i % ${#REGIONS[@]}))
  body=$(target $(( (i / ${#REGIONS[@]}) % 3 )) "${REGIONS[$r]}")
  [ -n "${body}" ] || { echo "the customer's side could not be set up" >&2; exit 1; }
  echo "${SERVICES[$r]} ${body}" >> "${WORK}/targets"
done

echo "reference: ${SINGLES} endpoints one after the other, each alone"
curl --silent --user "${OPERATOR}" -X DELETE "${BASE_URL}/v1/sandbox/ledger" > /dev/null
: > "${WORK}/posted"
: > "${WORK}/ready"
started=$(now)
while read -r service body; do
  post "${service}" "${body}" >> "${WORK}/posted"
  follow "${SERVICES[@]}"
done < <(tail -n "${SINGLES}" "${WORK}/targets")
report "reference (one at a time)" "${started}" "$(now)"

echo "burst: ${COUNT} endpoints of mixed types at once (${PARALLEL} POSTs in flight)"
curl --silent --user "${OPERATOR}" -X DELETE "${BASE_URL}/v1/sandbox/ledger" > /dev/null
: > "${WORK}/ready"
started=$(now)
export -f post now
export ADMIN BASE_URL ORG_ID
head -n "${COUNT}" "${WORK}/targets" | xargs -d '\n' -P "${PARALLEL}" -I{} bash -c 'line="$1"; post "${line%% *}" "${line#* }"' _ {} \
  > "${WORK}/posted" || true
echo "  ${COUNT} POSTs answered after $(ms "$(now) - started") ms; $(wc -l < "${WORK}/posted") accepted"
[ "$(wc -l < "${WORK}/posted")" -eq "${COUNT}" ] || { echo "some POSTs failed" >&2; exit 1; }
follow "${SERVICES[@]}"
report "burst of ${COUNT}" "${started}" "$(now)"
