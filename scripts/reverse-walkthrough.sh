#!/usr/bin/env bash
# Reverse private endpoints (ClickPipes, seed 001) walked through as a customer would, with curl + jq,
# against a running control plane on the sandbox cloud: for each type the customer's side first (through
# the sandbox), then POST, GET until Ready with DNS names, a custom private DNS name, DELETE until 404.
# Also: acceptance required (PendingAcceptance until accepted), a rejection, a cross-region VPC_RESOURCE
# (400) and a full subnet (Failed). The full subnet needs a region without free /28 blocks, so start the
# service with one, e.g.
#   ./mvnw spring-boot:run -Dspring-boot.run.arguments=--privatelink.sandbox.subnet-capacity.regions.eu-west-2=0
#   scripts/reverse-walkthrough.sh            (BASE_URL, KEY_ID, KEY_SECRET, FULL_REGION to change the defaults)
# Everything it creates (services, and with them their endpoints) is deleted at the end; temporary files
# live in a temporary directory that is removed too.
set -euo pipefail

BASE_URL=${BASE_URL:-http://localhost:8080}
KEY_ID=${KEY_ID:-dev-admin-key}
KEY_SECRET=${KEY_SECRET:-dev-admin-secret}
REGION=${REGION:-us-east-1}
FULL_REGION=${FULL_REGION:-eu-west-2}
WORK=$(mktemp -d)
touch "${WORK}/services"

cleanup() {
  while read -r service; do
    curl --silent --user "${KEY_ID}:${KEY_SECRET}" -X DELETE "${BASE_URL}/v1/organizations/${ORG_ID}/services/${service}" > /dev/null || true
  done < "${WORK}/services"
  rm -rf "${WORK}"
}
trap cleanup EXIT

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

# api METHOD PATH [BODY]: prints the body, leaves the HTTP status in ${WORK}/status
api() {
  local args=(--silent --user "${KEY_ID}:${KEY_SECRET}" -X "$1" -o "${WORK}/body" -w '%{http_code}')
  if [ $# -ge 3 ]; then args+=(-H 'Content-Type: application/json' -d "$3"); fi
  curl "${args[@]}" "${BASE_URL}$2" > "${WORK}/status"
  cat "${WORK}/body"
}
status() { cat "${WORK}/status"; }

ORG_ID=$(curl --silent --fail --user "${KEY_ID}:${KEY_SECRET}" "${BASE_URL}/v1/organizations" | jq -r '.result[0].id')

new_service() { # region -> service id (the create answer as it is, or as ClickHouse shapes it: {service: …})
  local id
  id=$(api POST "/v1/organizations/${ORG_ID}/services" \
    "{\"name\":\"reverse-walkthrough-$1-$RANDOM\",\"provider\":\"aws\",\"region\":\"$1\",\"tier\":\"PRODUCTION\"}" \
    | jq -r '(.result.service // .result).id')
  [ -n "$id" ] && [ "$id" != null ] || fail "service not created in $1"
  echo "$id" >> "${WORK}/services" # called in a subshell: the list of what to delete lives in a file
  echo "$id"
}

await_status() { # service endpoint wanted... -> the endpoint once its status is one of wanted
  local service=$1 id=$2; shift 2
  local current=""
  for _ in $(seq 1 150); do
    api GET "/v1/organizations/${ORG_ID}/services/${service}/clickpipesReversePrivateEndpoints/${id}" > "${WORK}/endpoint"
    current=$(jq -r .result.status "${WORK}/endpoint")
    for wanted in "$@"; do
      if [ "$current" = "$wanted" ]; then jq -c '.result | del(.history)' "${WORK}/endpoint"; return 0; fi
    done
    sleep 0.2
  done
  fail "endpoint ${id} did not become $* (last status: ${current})"
}

await_gone() { # service endpoint
  for _ in $(seq 1 150); do
    api GET "/v1/organizations/${ORG_ID}/services/$1/clickpipesReversePrivateEndpoints/$2" > /dev/null
    [ "$(status)" = 404 ] && { echo "GET → 404: $2 is gone"; return 0; }
    sleep 0.2
  done
  fail "endpoint $2 was not deleted"
}

create_endpoint() { # service body -> endpoint id
  api POST "/v1/organizations/${ORG_ID}/services/$1/clickpipesReversePrivateEndpoints" "$2" > "${WORK}/created"
  [ "$(status)" = 200 ] || fail "POST answered $(status): $(cat "${WORK}/created")"
  jq -c '.result' "${WORK}/created" >&2
  jq -r .result.id "${WORK}/created"
}

delete_endpoint() { # service endpoint
  api DELETE "/v1/organizations/${ORG_ID}/services/$1/clickpipesReversePrivateEndpoints/$2" | jq -c .
  [ "$(status)" = 200 ] || fail "DELETE answered $(status)"
  await_gone "$1" "$2"
}

map_dns_name() { # service endpoint name
  api PATCH "/v1/organizations/${ORG_ID}/services/$1/clickpipesReversePrivateEndpoints/$2" \
    "{\"customPrivateDnsMappings\":[{\"privateDnsName\":\"$3\"}]}" | jq -c '.result.customPrivateDnsMappings'
  for _ in $(seq 1 100); do
    api GET "/v1/organizations/${ORG_ID}/services/$1/clickpipesReversePrivateEndpoints/$2" > "${WORK}/endpoint"
    if [ "$(jq -r '.result.customPrivateDnsStatus.state' "${WORK}/endpoint")" = InSync ]; then
      echo "$3 → $(jq -r '.result.dnsNames[0]' "${WORK}/endpoint") in the platform's private zone"; return 0
    fi
    sleep 0.2
  done
  fail "the record for $3 did not reach the zone"
}

############################################################################################
step "A service in ${REGION}, and what the customer must allow for its reverse private endpoints"
SERVICE_ID=$(new_service "${REGION}")
api GET "/v1/organizations/${ORG_ID}/services/${SERVICE_ID}/reversePrivateEndpointConfig" | jq -c .result
ACCOUNT_ID=$(jq -r .result.accountId "${WORK}/body")
PRINCIPAL=$(jq -r .result.principalArn "${WORK}/body")

step "VPC_ENDPOINT_SERVICE: the customer's endpoint service allows ${PRINCIPAL} (sandbox, customer side)"
api POST /v1/sandbox/aws/endpointServices "{\"region\":\"${REGION}\",\"acceptanceRequired\":false,\
\"allowedPrincipals\":[\"${PRINCIPAL}\"],\"supportedRegions\":[],\"privateDnsName\":\"kafka.orders.internal\"}" > "${WORK}/svc"
jq -c .result "${WORK}/svc"
SERVICE_NAME=$(jq -r .result.serviceName "${WORK}/svc")
ID=$(create_endpoint "${SERVICE_ID}" "{\"description\":\"Kafka\",\"type\":\"VPC_ENDPOINT_SERVICE\",\"vpcEndpointServiceName\":\"${SERVICE_NAME}\"}")
await_status "${SERVICE_ID}" "${ID}" Ready
map_dns_name "${SERVICE_ID}" "${ID}" kafka.example.com
delete_endpoint "${SERVICE_ID}" "${ID}"

step "VPC_ENDPOINT_SERVICE with acceptance required: PendingAcceptance until the owner accepts"
api POST /v1/sandbox/aws/endpointServices "{\"region\":\"${REGION}\",\"acceptanceRequired\":true,\
\"allowedPrincipals\":[\"${ACCOUNT_ID}\"],\"supportedRegions\":[]}" > "${WORK}/svc"
SVC_ID=$(jq -r .result.serviceId "${WORK}/svc")
SERVICE_NAME=$(jq -r .result.serviceName "${WORK}/svc")
ID=$(create_endpoint "${SERVICE_ID}" "{\"description\":\"Postgres\",\"type\":\"VPC_ENDPOINT_SERVICE\",\"vpcEndpointServiceName\":\"${SERVICE_NAME}\"}")
PENDING=$(await_status "${SERVICE_ID}" "${ID}" PendingAcceptance)
echo "${PENDING}"
VPCE=$(echo "${PENDING}" | jq -r .endpointId)
sleep 1
api GET "/v1/organizations/${ORG_ID}/services/${SERVICE_ID}/clickpipesReversePrivateEndpoints/${ID}" | jq -r '"still " + .result.status'
echo "the owner accepts ${VPCE}:"
api POST "/v1/sandbox/aws/endpointServices/${SVC_ID}/connections/${VPCE}/accept" '{}' | jq -c .result
await_status "${SERVICE_ID}" "${ID}" Ready
delete_endpoint "${SERVICE_ID}" "${ID}"

step "VPC_ENDPOINT_SERVICE rejected by its owner: Rejected"
ID=$(create_endpoint "${SERVICE_ID}" "{\"description\":\"rejected\",\"type\":\"VPC_ENDPOINT_SERVICE\",\"vpcEndpointServiceName\":\"${SERVICE_NAME}\"}")
VPCE=$(await_status "${SERVICE_ID}" "${ID}" PendingAcceptance | jq -r .endpointId)
api POST "/v1/sandbox/aws/endpointServices/${SVC_ID}/connections/${VPCE}/reject" '{}' | jq -c .result
await_status "${SERVICE_ID}" "${ID}" Rejected
delete_endpoint "${SERVICE_ID}" "${ID}"

step "VPC_RESOURCE: a resource configuration shared over RAM with ${ACCOUNT_ID}"
api POST /v1/sandbox/aws/resourceConfigurations "{\"region\":\"${REGION}\",\"resource\":\"orders.cluster-abc.${REGION}.rds.amazonaws.com\",\
\"sharedWith\":[\"${ACCOUNT_ID}\"]}" > "${WORK}/rcfg"
jq -c .result "${WORK}/rcfg"
ID=$(create_endpoint "${SERVICE_ID}" "{\"description\":\"RDS\",\"type\":\"VPC_RESOURCE\",\
\"vpcResourceConfigurationId\":\"$(jq -r .result.resourceConfigurationId "${WORK}/rcfg")\",\
\"vpcResourceShareArn\":\"$(jq -r .result.resourceShareArn "${WORK}/rcfg")\"}")
await_status "${SERVICE_ID}" "${ID}" Ready
map_dns_name "${SERVICE_ID}" "${ID}" "*.rds.example.com"
delete_endpoint "${SERVICE_ID}" "${ID}"

step "MSK_MULTI_VPC: a cluster whose policy allows ${ACCOUNT_ID}, reached with SASL/SCRAM"
CLUSTER=$(api POST /v1/sandbox/aws/mskClusters "{\"region\":\"${REGION}\",\"name\":\"orders\",\
\"authentication\":[\"SASL_IAM\",\"SASL_SCRAM\"],\"allowedPrincipals\":[\"${ACCOUNT_ID}\"]}" | jq -r .result.clusterArn)
echo "clusterArn ${CLUSTER}"
ID=$(create_endpoint "${SERVICE_ID}" "{\"description\":\"MSK\",\"type\":\"MSK_MULTI_VPC\",\"mskClusterArn\":\"${CLUSTER}\",\"mskAuthentication\":\"SASL_SCRAM\"}")
await_status "${SERVICE_ID}" "${ID}" Ready | jq -r '"brokers (add ports 14001, 14002, …): " + (.privateDnsNames | join(", "))'
delete_endpoint "${SERVICE_ID}" "${ID}"

step "VPC_RESOURCE across regions (a share in eu-west-1): 400, only VPC_ENDPOINT_SERVICE crosses regions"
api POST /v1/sandbox/aws/resourceConfigurations "{\"region\":\"eu-west-1\",\"resource\":\"db.internal\",\"sharedWith\":[\"${ACCOUNT_ID}\"]}" > "${WORK}/rcfg"
api POST "/v1/organizations/${ORG_ID}/services/${SERVICE_ID}/clickpipesReversePrivateEndpoints" "{\"description\":\"far\",\
\"type\":\"VPC_RESOURCE\",\"vpcResourceConfigurationId\":\"$(jq -r .result.resourceConfigurationId "${WORK}/rcfg")\",\
\"vpcResourceShareArn\":\"$(jq -r .result.resourceShareArn "${WORK}/rcfg")\"}" | jq -r '"\(.status) \(.error)"'
[ "$(status)" = 400 ] || fail "a cross-region VPC_RESOURCE answered $(status)"

step "A full subnet in ${FULL_REGION}: Failed with its reason"
FULL_SERVICE=$(new_service "${FULL_REGION}")
api POST /v1/sandbox/aws/endpointServices "{\"region\":\"${FULL_REGION}\",\"acceptanceRequired\":false,\
\"allowedPrincipals\":[\"${ACCOUNT_ID}\"],\"supportedRegions\":[]}" > "${WORK}/svc"
ID=$(create_endpoint "${FULL_SERVICE}" "{\"description\":\"no room\",\"type\":\"VPC_ENDPOINT_SERVICE\",\
\"vpcEndpointServiceName\":\"$(jq -r .result.serviceName "${WORK}/svc")\"}")
RESULT=$(await_status "${FULL_SERVICE}" "${ID}" Failed Ready)
echo "${RESULT}" | jq -c '{status, statusReason}'
[ "$(echo "${RESULT}" | jq -r .status)" = Failed ] || fail "${FULL_REGION} still has room: start the service with \
--privatelink.sandbox.subnet-capacity.regions.${FULL_REGION}=0 to see a full subnet"
delete_endpoint "${FULL_SERVICE}" "${ID}"

step "Done: every endpoint reached its status and was deleted to 404; the services go now"
