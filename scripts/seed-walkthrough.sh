#!/usr/bin/env bash
# Walks through the AWS PrivateLink (us-west-2) and Azure Private Link (westus3) flows of the product
# docs with their own curl + jq commands, against a running control plane on the sandbox cloud:
#   ./mvnw spring-boot:run   (then, in another shell)   scripts/seed-walkthrough.sh
# It leaves things as it found them: the docs' files (pl_config.json, …) are written in a temporary
# directory, and the endpoints, registrations and services it created are removed at the end, also when
# a step fails. It then checks that the organization holds what it held before.
# Every response is shown as the docs show it (.result), or as the whole error body when a call failed.
set -euo pipefail

BASE_URL=${BASE_URL:-http://localhost:8080}
KEY_ID=${KEY_ID:-dev-admin-key}
KEY_SECRET=${KEY_SECRET:-dev-admin-secret}
ORG_ID=${ORG_ID:-$(curl --silent --show-error --user "${KEY_ID}:${KEY_SECRET}" "${BASE_URL}/v1/organizations" | jq -r '.result[0].id // error(tostring)')}

WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/seed-walkthrough.XXXXXX")
cd "$WORK_DIR"
CREATED_SERVICES=() AWS_ENDPOINTS=() AZURE_ENDPOINTS=() REGISTERED=()

step() { printf '\n== %s\n' "$*"; }
call() { # method path [body-file]: one API call; prints the body, fails on an HTTP error
  curl --silent --show-error --fail-with-body --user "${KEY_ID:?}:${KEY_SECRET:?}" -X "$1" \
    -H "Content-Type: application/json" "${BASE_URL}$2" ${3:+-d @"$3"}
}

# what the organization holds, to compare at the end: its services and its registered endpoints
snapshot() {
  { call GET "/v1/organizations/${ORG_ID}/services?pageSize=1000" | jq -c '[.result[] | {id, name, privateEndpointIds}] | sort_by(.id)'
    call GET "/v1/organizations/${ORG_ID}/privateEndpoints?pageSize=1000" | jq -c '[.result[] | {id, status}] | sort_by(.id)'
  }
}
BEFORE=$(snapshot)

cleanup() {
  local status=$?
  set +e
  step "clean up: what this walkthrough registered and created"
  for entry in "${REGISTERED[@]}"; do # provider|id|region; those a failed step left registered
    IFS='|' read -r provider id region <<<"$entry"
    current=$(curl --silent --user "${KEY_ID}:${KEY_SECRET}" "${BASE_URL}/v1/organizations/${ORG_ID}/privateEndpoints/${id}" | jq -r '.result.status // empty')
    if [ -n "$current" ] && [ "$current" != Deleting ]; then
      printf '{"privateEndpoints":{"remove":[{"cloudProvider":"%s","id":"%s","region":"%s"}]}}' "$provider" "$id" "$region" > remove.json
      call PATCH "/v1/organizations/${ORG_ID}" remove.json > /dev/null
    fi
  done
  for entry in "${REGISTERED[@]}"; do # a removal disconnects the endpoint first: wait until it is gone
    IFS='|' read -r provider id region <<<"$entry"
    for _ in $(seq 1 100); do
      code=$(curl --silent --output /dev/null --write-out '%{http_code}' --user "${KEY_ID}:${KEY_SECRET}" \
        "${BASE_URL}/v1/organizations/${ORG_ID}/privateEndpoints/${id}")
      [ "$code" = 404 ] && break
      sleep 0.2
    done
    [ "$code" = 404 ] || echo "registration ${id} is still there (HTTP ${code})" >&2
  done
  for id in "${AWS_ENDPOINTS[@]}"; do call DELETE "/v1/sandbox/aws/vpcEndpoints/${id}" > /dev/null; done
  for id in "${AZURE_ENDPOINTS[@]}"; do call DELETE "/v1/sandbox/azure/privateEndpoints/${id}" > /dev/null; done
  for id in "${CREATED_SERVICES[@]}"; do call DELETE "/v1/organizations/${ORG_ID}/services/${id}" > /dev/null; done
  cd / && rm -rf "$WORK_DIR"
  AFTER=$(snapshot)
  if [ "$AFTER" = "$BEFORE" ]; then
    echo "the organization holds what it held before"
  else
    printf 'the organization changed:\nbefore: %s\nafter:  %s\n' "$BEFORE" "$AFTER" >&2
    status=1
  fi
  exit $status
}
trap cleanup EXIT

ensure_service() { # provider region name tier
  local existing
  existing=$(call GET "/v1/organizations/${ORG_ID:?}/services?pageSize=1000" | \
    jq -r ".result[] | select (.region==\"$2\" and .provider==\"$1\" and .name==\"$3\") | .id ")
  if [ -z "$existing" ]; then
    printf '{"name":"%s","provider":"%s","region":"%s","tier":"%s"}' "$3" "$1" "$2" "$4" > service.json
    CREATED_SERVICES+=("$(call POST "/v1/organizations/${ORG_ID:?}/services" service.json | jq -r '.result.id // error(tostring)')")
  fi
}

await_ready() { # endpoint id
  for _ in $(seq 1 50); do
    status=$(call GET "/v1/organizations/${ORG_ID:?}/privateEndpoints/$1" | jq -r '.result.status // error(tostring)')
    [ "$status" = "Ready" ] && { echo "$1 is Ready"; return 0; }
    sleep 0.2
  done
  echo "$1 did not become Ready (last status: $status)" >&2
  return 1
}

############ AWS PrivateLink (seed 000 / 003)
REGION=us-west-2
PROVIDER=aws
SERVICE_NAME=${AWS_SERVICE_NAME:-walkthrough-aws}
ensure_service "$PROVIDER" "$REGION" "$SERVICE_NAME" PRODUCTION

step "AWS: find INSTANCE_ID by region, provider and name"
INSTANCE_ID=$(curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" \
"${BASE_URL}/v1/organizations/${ORG_ID:?}/services" | \
jq ".result[] | select (.region==\"${REGION:?}\" and .provider==\"${PROVIDER:?}\" and .name==\"${SERVICE_NAME:?}\") | .id " -r)
echo "INSTANCE_ID=${INSTANCE_ID}"

step "AWS: privateEndpointConfig"
curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" \
"${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID:?}/privateEndpointConfig" | \
jq '.result // .'
ENDPOINT_SERVICE_ID=$(curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" \
"${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID:?}/privateEndpointConfig" | jq -r '.result.endpointServiceId // error(tostring)')

step "AWS: create the VPC endpoint (sandbox cloud, customer side)"
printf '{"serviceName":"%s","region":"%s"}' "${ENDPOINT_SERVICE_ID}" "${REGION}" > endpoint.json
ENDPOINT_ID=$(call POST /v1/sandbox/aws/vpcEndpoints endpoint.json | jq -r '.result.vpcEndpointId // error(tostring)')
AWS_ENDPOINTS+=("$ENDPOINT_ID")
echo "ENDPOINT_ID=${ENDPOINT_ID}"

step "AWS: add the endpoint to the organization"
cat <<EOT | tee pl_config_org.json
{
  "privateEndpoints": {
    "add": [
      {
        "cloudProvider": "aws",
        "id": "${ENDPOINT_ID:?}",
        "description": "AWS private endpoint",
        "region": "${REGION:?}"
      }
    ]
  }
}
EOT
REGISTERED+=("aws|${ENDPOINT_ID}|${REGION}")
curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" -X PATCH -H "Content-Type: application/json" \
"${BASE_URL}/v1/organizations/${ORG_ID:?}" -d @pl_config_org.json | jq '.result.privateEndpoints // .'

step "AWS: add the endpoint to the service's allow list"
cat <<EOT | tee pl_config.json
{
  "privateEndpointIds": {
    "add": [
      "${ENDPOINT_ID:?}"
    ]
  }
}
EOT
curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" \
-X PATCH -H "Content-Type: application/json" \
"${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID:?}" \
-d @pl_config.json | jq
await_ready "${ENDPOINT_ID}"

step "AWS: check the endpoint filters"
curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" \
-X GET -H "Content-Type: application/json" \
"${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID:?}" | \
jq '.result.privateEndpointIds // .'

step "AWS: remove the endpoint from the allow list"
cat <<EOT | tee pl_config.json
{
  "privateEndpointIds": {
    "remove": [
      "${ENDPOINT_ID:?}"
    ]
  }
}
EOT
curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" \
-X PATCH -H "Content-Type: application/json" \
"${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID:?}" \
-d @pl_config.json | jq '.result.privateEndpointIds // .'

############ Azure Private Link (seed 002)
REGION=westus3
PROVIDER=azure
ensure_service "$PROVIDER" "$REGION" "${AZURE_SERVICE_NAME:-walkthrough-azure}" PRODUCTION

step "Azure: INSTANCE_ID of the first service in the region"
curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} ${BASE_URL}/v1/organizations/${ORG_ID:?}/services | jq ".result[] | select (.region==\"${REGION:?}\" and .provider==\"${PROVIDER:?}\") | .id " -r | head -1 | tee instance_id
INSTANCE_ID=$(cat instance_id)

step "Azure: privateEndpointConfig"
curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} ${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID:?}/privateEndpointConfig | jq '.result // .'
ALIAS=$(curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} ${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID:?}/privateEndpointConfig | jq -r '.result.endpointServiceId // error(tostring)')

step "Azure: create the private endpoint (sandbox cloud, customer side)"
printf '{"privateLinkServiceAlias":"%s","region":"%s"}' "${ALIAS}" "${REGION}" > endpoint.json
ENDPOINT_ID=$(call POST /v1/sandbox/azure/privateEndpoints endpoint.json | jq -r '.result.resourceGuid // error(tostring)')
AZURE_ENDPOINTS+=("$ENDPOINT_ID")
echo "ENDPOINT_ID=${ENDPOINT_ID}"

step "Azure: add the private endpoint to the organization"
cat <<EOT | tee pl_config_org.json
{
  "privateEndpoints": {
    "add": [
      {
        "cloudProvider": "azure",
        "id": "${ENDPOINT_ID:?}",
        "description": "Azure private endpoint",
        "region": "${REGION:?}"
      }
    ]
  }
}
EOT
REGISTERED+=("azure|${ENDPOINT_ID}|${REGION}")
curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} -X PATCH -H "Content-Type: application/json" ${BASE_URL}/v1/organizations/${ORG_ID:?} -d @pl_config_org.json | jq '.result.privateEndpoints // .'

step "Azure: add the private endpoint GUID to the service's allow list"
cat <<EOT | tee pl_config.json
{
  "privateEndpointIds": {
    "add": [
      "${ENDPOINT_ID:?}"
    ]
  }
}
EOT
curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} -X PATCH -H "Content-Type: application/json" ${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID?} -d @pl_config.json | jq
await_ready "${ENDPOINT_ID}"

step "Azure: check the private endpoint filters"
curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} -X GET -H "Content-Type: application/json" ${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID:?} | jq '.result.privateEndpointIds // .'

step "Azure: remove it from the allow list and from the organization"
cat <<EOT | tee pl_config.json
{
  "privateEndpointIds": {
    "remove": [
      "${ENDPOINT_ID:?}"
    ]
  }
}
EOT
curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} -X PATCH -H "Content-Type: application/json" ${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID?} -d @pl_config.json | jq '.result.privateEndpointIds // .'
cat <<EOT | tee pl_config_org.json
{
  "privateEndpoints": {
    "remove": [
      {
        "cloudProvider": "azure",
        "id": "${ENDPOINT_ID:?}",
        "region": "${REGION:?}"
      }
    ]
  }
}
EOT
curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} -X PATCH -H "Content-Type: application/json" ${BASE_URL}/v1/organizations/${ORG_ID:?} -d @pl_config_org.json | jq '.result.privateEndpoints // .'
step "done"
