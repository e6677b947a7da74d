package dev.privatelink.sandbox.provider;

import java.time.Clock;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.DnsRecords;
import dev.privatelink.sandbox.model.SandboxCalls;
import dev.privatelink.sandbox.model.SandboxDnsZones;
import dev.privatelink.sandbox.model.SandboxSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One sandbox {@link DnsRecords} per provider whose real adapter is not enabled, and the private zones
 * of the platform's VPCs for AWS reverse endpoints.
 */
@Configuration(proxyBeanMethods = false)
class SandboxDnsConfiguration {

    @Bean
    @ConditionalOnProperty(prefix = "privatelink.clouds.aws", name = "enabled", havingValue = "false", matchIfMissing = true)
    SandboxDnsRecords sandboxAwsDnsRecords(SandboxDnsZones zones, SandboxCalls calls, SandboxSettings settings, Clock clock) {
        return new SandboxDnsRecords(CloudProvider.AWS, zones, calls, settings, clock);
    }

    @Bean
    @ConditionalOnProperty(prefix = "privatelink.clouds.aws", name = "enabled", havingValue = "false", matchIfMissing = true)
    SandboxPlatformPrivateDnsRecords sandboxAwsPlatformPrivateDns(SandboxDnsZones zones, SandboxCalls calls,
                                                                  SandboxSettings settings, Clock clock) {
        return new SandboxPlatformPrivateDnsRecords(new SandboxDnsRecords(CloudProvider.AWS, zones, calls, settings, clock));
    }

    @Bean
    @ConditionalOnProperty(prefix = "privatelink.clouds.azure", name = "enabled", havingValue = "false", matchIfMissing = true)
    SandboxDnsRecords sandboxAzureDnsRecords(SandboxDnsZones zones, SandboxCalls calls, SandboxSettings settings, Clock clock) {
        return new SandboxDnsRecords(CloudProvider.AZURE, zones, calls, settings, clock);
    }
}
