package dev.privatelink.cloud.aws;

import dev.privatelink.cloud.resilience.CloudCallGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The real AWS adapter, only when {@code privatelink.clouds.aws.enabled=true}; otherwise the sandbox
 * serves AWS.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "privatelink.clouds.aws", name = "enabled", havingValue = "true")
class AwsCloudConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AwsCloudConfiguration.class);

    @Bean(destroyMethod = "close")
    AwsClients awsClients(AwsCloudProperties settings) {
        log.info("AWS adapter enabled: default account {}, regions {}{}", settings.defaultAccount(),
                settings.regions().keySet(),
                settings.endpointOverride() == null ? "" : ", every service at " + settings.endpointOverride());
        return new AwsClients(settings);
    }

    @Bean
    AwsEndpointServices awsEndpointServices(AwsClients clients, CloudCallGuard guard, AwsCloudProperties settings) {
        return new AwsEndpointServices(clients, guard, settings);
    }

    @Bean
    AwsDnsRecords awsDnsRecords(AwsClients clients, CloudCallGuard guard, AwsCloudProperties settings) {
        log.info("DNS records for aws: Route 53 (aws-sdk), public zone {}", settings.route53PublicZoneId());
        return new AwsDnsRecords(clients, guard, settings);
    }

    @Bean
    AwsReverseEndpoints awsReverseEndpoints(AwsClients clients, CloudCallGuard guard, AwsCloudProperties settings) {
        log.info("Reverse endpoints for aws: aws-sdk");
        return new AwsReverseEndpoints(clients, guard, settings);
    }

    @Bean
    AwsPlatformPrivateDnsRecords awsPlatformPrivateDnsRecords(AwsDnsRecords records, AwsCloudProperties settings) {
        return new AwsPlatformPrivateDnsRecords(records, settings);
    }
}
