# Private endpoint to service 'reporting' (azure westus3) with terraform
# Connect to k3r8w1q9zt.westus3.privatelink.azure.privatelink.example.cloud once the endpoint is Ready.
# Endpoint 9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a: PendingAcceptance

# 1. main.tf: the seed's four templates, filled in
resource "azurerm_private_endpoint" "example_clickhouse_cloud" {
  name                = "privatelink-k3r8w1q9zt"
  location            = "westus3"
  resource_group_name = "rg-clients"
  subnet_id           = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-clients/providers/Microsoft.Network/virtualNetworks/vnet-clients/subnets/default"

  private_service_connection {
    name                              = "privatelink-k3r8w1q9zt"
    private_connection_resource_alias = "pls-westus3.7d2c9b1e-4f6a-4c3d-8e2b-1a0f9c8d7e6b.westus3.azure.privatelinkservice"
    is_manual_connection              = true
  }
}

resource "azurerm_private_dns_zone" "clickhouse_cloud_private_link_zone" {
  name                = "westus3.privatelink.azure.privatelink.example.cloud"
  resource_group_name = "rg-clients"
}

resource "azurerm_private_dns_a_record" "example" {
  name                = "*"
  zone_name           = azurerm_private_dns_zone.clickhouse_cloud_private_link_zone.name
  resource_group_name = "rg-clients"
  ttl                 = 300
  records             = [azurerm_private_endpoint.example_clickhouse_cloud.private_service_connection[0].private_ip_address]
}

resource "azurerm_private_dns_zone_virtual_network_link" "example" {
  name                  = "privatelink-k3r8w1q9zt"
  resource_group_name   = "rg-clients"
  private_dns_zone_name = azurerm_private_dns_zone.clickhouse_cloud_private_link_zone.name
  virtual_network_id    = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-clients/providers/Microsoft.Network/virtualNetworks/vnet-clients"
}

output "private_endpoint_id" {
  value = azurerm_private_endpoint.example_clickhouse_cloud.id
}

# 2. Apply it
#   terraform init
#   terraform apply

# 3. Allow the endpoint on the service (registers it with the organization if needed)
#   cat <<EOF | tee pl_config.json
#   {
#     "privateEndpointIds": {
#       "add": [
#         "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
#       ]
#     }
#   }
#   EOF
#   curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" -X PATCH -H "Content-Type: application/json" \
#     https://api.privatelink.example.cloud/v1/organizations/4c45be4f-837b-4740-bec9-fa8fa793b0bf/services/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0 \
#     -d @pl_config.json

# Once the endpoint is Ready, these DNS records must exist (zone, name, type, target):
#   westus3.privatelink.azure.privatelink.example.cloud  *  A  azurerm_private_endpoint.example_clickhouse_cloud.private_service_connection[0].private_ip_address
# Check them from a client in your network:
#   nslookup k3r8w1q9zt.westus3.privatelink.azure.privatelink.example.cloud.   # Any name in the zone resolves to the private endpoint's address
#   openssl s_client -connect k3r8w1q9zt.westus3.privatelink.azure.privatelink.example.cloud:9440   # A TLS connection through the endpoint opens ("CONNECTED"; errno=104 is expected)
