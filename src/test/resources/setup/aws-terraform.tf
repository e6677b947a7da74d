# Private endpoint to service 'analytics' (aws us-west-2) with terraform
# Connect to z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud once the endpoint is Ready.
#
# Terraform variables to set first (values only you know):
#   vpc_id: the id of your VPC (vpc-…) (or query parameter vpcId)
#   subnet_ids: your subnet ids in the VPC (subnet-…) (or query parameter subnetIds)
#   security_group_ids: your security group ids (sg-…); they must allow inbound TCP 443, 8443, 9440, 3306 from your clients (or query parameter securityGroupIds)

# 1. main.tf: the interface endpoint (seed template), the private hosted zone and the alias record
variable "vpc_id" {
  type        = string
  description = "the id of your VPC (vpc-…)"
}

variable "subnet_ids" {
  type        = list(string)
  description = "your subnet ids in the VPC (subnet-…)"
}

variable "security_group_ids" {
  type        = list(string)
  description = "your security group ids (sg-…); they must allow inbound TCP 443, 8443, 9440, 3306 from your clients"
}

resource "aws_vpc_endpoint" "this" {
  vpc_id            = var.vpc_id
  service_name      = "com.amazonaws.vpce.us-west-2.vpce-svc-b92248511733889a6"
  vpc_endpoint_type = "Interface"
  security_group_ids = var.security_group_ids
  subnet_ids          = var.subnet_ids
  private_dns_enabled = false
}

resource "aws_route53_zone" "private_link" {
  name = "z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud"
  vpc {
    vpc_id     = var.vpc_id
    vpc_region = "us-west-2"
  }
}

resource "aws_route53_record" "private_link" {
  zone_id = aws_route53_zone.private_link.zone_id
  name    = "z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud"
  type    = "A"
  alias {
    name                   = aws_vpc_endpoint.this.dns_entry[0].dns_name
    zone_id                = aws_vpc_endpoint.this.dns_entry[0].hosted_zone_id
    evaluate_target_health = false
  }
}

output "vpc_endpoint_id" {
  value = aws_vpc_endpoint.this.id
}

# 2. Apply it
#   terraform init
#   terraform apply

# 3. Allow the endpoint on the service (registers it with the organization if needed)
#   cat <<EOF | tee pl_config.json
#   {
#     "privateEndpointIds": {
#       "add": [
#         "$(terraform output -raw vpc_endpoint_id)"
#       ]
#     }
#   }
#   EOF
#   curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" -X PATCH -H "Content-Type: application/json" \
#     https://api.privatelink.example.cloud/v1/organizations/4c45be4f-837b-4740-bec9-fa8fa793b0bf/services/6aed6091-65b4-4449-af53-3c10012d371c \
#     -d @pl_config.json

# Once the endpoint is Ready, these DNS records must exist (zone, name, type, target):
#   z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud  z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud  A (alias)  aws_vpc_endpoint.this.dns_entry[0].dns_name
# Check them from a client in your network:
#   nslookup z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud.   # The hostname resolves to the endpoint's private addresses in your VPC
#   openssl s_client -connect z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud:9440   # A TLS connection through the endpoint opens ("CONNECTED")
