# Private endpoint to service 'reporting' (azure westus3) with azure-cli
# Connect to k3r8w1q9zt.westus3.privatelink.azure.privatelink.example.cloud once the endpoint is Ready.
# Endpoint 9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a: PendingAcceptance
#
# Shell variables to set first (values only you know):
#   NETWORK_INTERFACE_ID: the resource id of the private endpoint's network interface; step 2 prints it
#   PRIVATE_ENDPOINT_IP: the private endpoint's private IPv4 address; step 2 prints it

# 1. Create the private endpoint against our alias (it waits for our approval)
az network private-endpoint create \
  --resource-group rg-clients \
  --name privatelink-k3r8w1q9zt \
  --location westus3 \
  --subnet /subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-clients/providers/Microsoft.Network/virtualNetworks/vnet-clients/subnets/default \
  --private-connection-resource-id pls-westus3.7d2c9b1e-4f6a-4c3d-8e2b-1a0f9c8d7e6b.westus3.azure.privatelinkservice \
  --connection-name privatelink-k3r8w1q9zt \
  --manual-request true

# 2. Read its resourceGuid, its network interface and that interface's private IP address
az network private-endpoint show \
  --resource-group rg-clients \
  --name privatelink-k3r8w1q9zt \
  --query resourceGuid \
  --output tsv
az network private-endpoint show \
  --resource-group rg-clients \
  --name privatelink-k3r8w1q9zt \
  --query 'networkInterfaces[0].id' \
  --output tsv
az resource show \
  --ids ${NETWORK_INTERFACE_ID:?} \
  --query 'properties.ipConfigurations[0].properties.privateIPAddress' \
  --output tsv

# 3. Allow the endpoint on the service (registers it with the organization if needed)
cat <<EOF | tee pl_config.json
{
  "privateEndpointIds": {
    "add": [
      "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
    ]
  }
}
EOF
curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" -X PATCH -H "Content-Type: application/json" \
  https://api.privatelink.example.cloud/v1/organizations/4c45be4f-837b-4740-bec9-fa8fa793b0bf/services/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0 \
  -d @pl_config.json

# 4. Create the private DNS zone
az network private-dns zone create \
  --resource-group rg-clients \
  --name westus3.privatelink.azure.privatelink.example.cloud

# 5. Create the wildcard record pointing at the private endpoint's address
az network private-dns record-set a add-record \
  --resource-group rg-clients \
  --zone-name westus3.privatelink.azure.privatelink.example.cloud \
  --record-set-name '*' \
  --ipv4-address ${PRIVATE_ENDPOINT_IP:?}

# 6. Link the zone to your virtual network
az network private-dns link vnet create \
  --resource-group rg-clients \
  --zone-name westus3.privatelink.azure.privatelink.example.cloud \
  --name privatelink-k3r8w1q9zt \
  --virtual-network /subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-clients/providers/Microsoft.Network/virtualNetworks/vnet-clients \
  --registration-enabled false

# Once the endpoint is Ready, these DNS records must exist (zone, name, type, target):
#   westus3.privatelink.azure.privatelink.example.cloud  *  A  ${PRIVATE_ENDPOINT_IP:?}
# Check them from a client in your network:
#   nslookup k3r8w1q9zt.westus3.privatelink.azure.privatelink.example.cloud.   # Any name in the zone resolves to the private endpoint's address
#   openssl s_client -connect k3r8w1q9zt.westus3.privatelink.azure.privatelink.example.cloud:9440   # A TLS connection through the endpoint opens ("CONNECTED"; errno=104 is expected)
