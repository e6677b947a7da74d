#!/usr/bin/env bash
# Walks through the AWS PrivateLink (us-west-2) and Azure Private Link (westus3) flows of the product
# docs with their own curl + jq commands, against a running control plane on the sandbox cloud:
#   ./mvnw spring-boot:run   (then, in another shell)   scripts/seed-walkthrough.sh
# The services are created first when the organization has none of that name (the docs assume one exists).
set -euo pipefail

BASE_URL=${BASE_URL:-http://localhost:8080}
KEY_ID=${KEY_ID:-dev-admin-key}
KEY_SECRET=${KEY_SECRET:-dev-admin-secret}
ORG_ID=${ORG_ID:-$(curl --silent --fail --user "${KEY_ID}:${KEY_SECRET}" "${BASE_URL}/v1/organizations" | jq -r '.result[0].id')}

step() { printf '\n== %s\n' "$*"; }

ensure_service() { # provider region name tier
  local existing
  existing=$(curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" "${BASE_URL}/v1/organizations/${ORG_ID:?}/services" | \
    jq -r ".result[] | select (.region==\"$2\" and .provider==\"$1\" and .name==\"$3\") | .id ")
  if [ -z "$existing" ]; then
    curl --silent --fail --user "${KEY_ID:?}:${KEY_SECRET:?}" -X POST -H "Content-Type: application/json" \
      "${BASE_URL}/v1/organizations/${ORG_ID:?}/services" \
      -d "{\"name\":\"$3\",\"provider\":\"$1\",\"region\":\"$2\",\"tier\":\"$4\"}" > /dev/null
  fi
}

await_ready() { # endpoint id
  for _ in $(seq 1 50); do
    status=$(curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" \
      "${BASE_URL}/v1/organizations/${ORG_ID:?}/privateEndpoints/$1" | jq -r .result.status)
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
jq .result
ENDPOINT_SERVICE_ID=$(curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" \
"${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID:?}/privateEndpointConfig" | jq -r .result.endpointServiceId)

step "AWS: create the VPC endpoint (sandbox cloud, customer side)"
ENDPOINT_ID=$(curl --silent --fail --user "${KEY_ID:?}:${KEY_SECRET:?}" -X POST -H "Content-Type: application/json" \
"${BASE_URL}/v1/sandbox/aws/vpcEndpoints" -d "{\"serviceName\":\"${ENDPOINT_SERVICE_ID}\",\"region\":\"${REGION}\"}" | \
jq -r .result.vpcEndpointId)
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
curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" -X PATCH -H "Content-Type: application/json" \
"${BASE_URL}/v1/organizations/${ORG_ID:?}" -d @pl_config_org.json | jq .result.privateEndpoints

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
jq .result.privateEndpointIds

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
-d @pl_config.json | jq .result.privateEndpointIds

############ Azure Private Link (seed 002)
REGION=westus3
PROVIDER=azure
ensure_service "$PROVIDER" "$REGION" "${AZURE_SERVICE_NAME:-walkthrough-azure}" PRODUCTION

step "Azure: INSTANCE_ID of the first service in the region"
curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} ${BASE_URL}/v1/organizations/${ORG_ID:?}/services | jq ".result[] | select (.region==\"${REGION:?}\" and .provider==\"${PROVIDER:?}\") | .id " -r | head -1 | tee instance_id
INSTANCE_ID=$(cat instance_id)

step "Azure: privateEndpointConfig"
curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} ${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID:?}/privateEndpointConfig | jq  .result
ALIAS=$(curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} ${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID:?}/privateEndpointConfig | jq -r .result.endpointServiceId)

step "Azure: create the private endpoint (sandbox cloud, customer side)"
ENDPOINT_ID=$(curl --silent --fail --user "${KEY_ID:?}:${KEY_SECRET:?}" -X POST -H "Content-Type: application/json" \
"${BASE_URL}/v1/sandbox/azure/privateEndpoints" -d "{\"privateLinkServiceAlias\":\"${ALIAS}\",\"region\":\"${REGION}\"}" | \
jq -r .result.resourceGuid)
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
curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} -X PATCH -H "Content-Type: application/json" ${BASE_URL}/v1/organizations/${ORG_ID:?} -d @pl_config_org.json | jq .result.privateEndpoints

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
curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} -X GET -H "Content-Type: application/json" ${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID:?} | jq .result.privateEndpointIds

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
curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} -X PATCH -H "Content-Type: application/json" ${BASE_URL}/v1/organizations/${ORG_ID:?}/services/${INSTANCE_ID?} -d @pl_config.json | jq .result.privateEndpointIds
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
curl --silent --user ${KEY_ID:?}:${KEY_SECRET:?} -X PATCH -H "Content-Type: application/json" ${BASE_URL}/v1/organizations/${ORG_ID:?} -d @pl_config_org.json | jq .result.privateEndpoints
rm -f pl_config.json pl_config_org.json instance_id
step "done"
