-- Private DNS names of the platform's AWS endpoint services and where their domain verification stands
-- (workflow endpoint-service.private-dns): the TXT record AWS asked for, the Route 53 change that
-- published it, and the outcome.
alter table endpoint_service
    add column private_dns_name        text,
    add column private_dns_state       text check (private_dns_state in ('PENDING_VERIFICATION', 'VERIFIED', 'FAILED')),
    add column private_dns_txt_name    text,
    add column private_dns_txt_value   text,
    add column private_dns_change_id   text,
    add column private_dns_checked_at  timestamptz,
    add column private_dns_reason      text;
