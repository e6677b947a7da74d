# Private endpoint to service 'analytics' (aws us-west-2) with aws-cli
# Connect to z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud once the endpoint is Ready.
#
# Shell variables to set first (values only you know):
#   VPC_ID: the id of your VPC (vpc-…) (or query parameter vpcId)
#   SUBNET_IDS: your subnet ids in the VPC, space-separated (subnet-…) (or query parameter subnetIds)
#   SECURITY_GROUP_IDS: your security group ids, space-separated (sg-…); they must allow inbound TCP 443, 8443, 9440, 3306 from your clients (or query parameter securityGroupIds)
#   VPC_ENDPOINT_ID: the endpoint's id (vpce-…); step 1 prints it (or query parameter endpointId)
#   HOSTED_ZONE_ID: the private hosted zone's id; step 3 prints it
#   VPCE_DNS_NAME: the endpoint's regional DNS name (vpce-….vpce.amazonaws.com); step 4 prints it first
#   VPCE_HOSTED_ZONE_ID: the hosted zone id of that DNS name; step 4 prints it second

# 1. Create the interface endpoint (its security groups must allow TCP 443, 8443, 9440, 3306)
aws ec2 create-vpc-endpoint \
  --region us-west-2 \
  --vpc-id ${VPC_ID:?} \
  --vpc-endpoint-type Interface \
  --service-name com.amazonaws.vpce.us-west-2.vpce-svc-b92248511733889a6 \
  --subnet-ids ${SUBNET_IDS:?} \
  --security-group-ids ${SECURITY_GROUP_IDS:?} \
  --no-private-dns-enabled \
  --query VpcEndpoint.VpcEndpointId \
  --output text

# 2. Allow the endpoint on the service (registers it with the organization if needed)
cat <<EOF | tee pl_config.json
{
  "privateEndpointIds": {
    "add": [
      "${VPC_ENDPOINT_ID:?}"
    ]
  }
}
EOF
curl --silent --user "${KEY_ID:?}:${KEY_SECRET:?}" -X PATCH -H "Content-Type: application/json" \
  https://api.privatelink.example.cloud/v1/organizations/4c45be4f-837b-4740-bec9-fa8fa793b0bf/services/6aed6091-65b4-4449-af53-3c10012d371c \
  -d @pl_config.json

# 3. Create the private hosted zone for the hostname, associated with your VPC
aws route53 create-hosted-zone \
  --name z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud \
  --vpc VPCRegion=us-west-2,VPCId=${VPC_ID:?} \
  --caller-reference privatelink-z5wtvdlngx-${VPC_ID:?} \
  --hosted-zone-config Comment=privatelink-z5wtvdlngx,PrivateZone=true \
  --query HostedZone.Id \
  --output text

# 4. Read the endpoint's regional DNS name and its hosted zone id
aws ec2 describe-vpc-endpoints \
  --region us-west-2 \
  --vpc-endpoint-ids ${VPC_ENDPOINT_ID:?} \
  --query 'VpcEndpoints[0].DnsEntries[0].[DnsName,HostedZoneId]' \
  --output text

# 5. Create the alias record from the hostname to the endpoint
cat <<EOF | tee alias_record.json
{
  "Comment": "privatelink-z5wtvdlngx",
  "Changes": [
    {
      "Action": "UPSERT",
      "ResourceRecordSet": {
        "Name": "z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud",
        "Type": "A",
        "AliasTarget": {
          "HostedZoneId": "${VPCE_HOSTED_ZONE_ID:?}",
          "DNSName": "${VPCE_DNS_NAME:?}",
          "EvaluateTargetHealth": false
        }
      }
    }
  ]
}
EOF
aws route53 change-resource-record-sets \
  --hosted-zone-id ${HOSTED_ZONE_ID:?} \
  --change-batch file://alias_record.json

# Once the endpoint is Ready, these DNS records must exist (zone, name, type, target):
#   z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud  z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud  A (alias)  ${VPCE_DNS_NAME:?}
# Check them from a client in your network:
#   nslookup z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud.   # The hostname resolves to the endpoint's private addresses in your VPC
#   openssl s_client -connect z5wtvdlngx.us-west-2.vpce.aws.privatelink.example.cloud:9440   # A TLS connection through the endpoint opens ("CONNECTED")
