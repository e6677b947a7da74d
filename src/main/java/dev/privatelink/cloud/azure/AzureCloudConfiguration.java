package dev.privatelink.cloud.azure;

import java.time.Clock;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import dev.privatelink.cloud.resilience.CloudCallGuard;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The real Azure backend, present only with {@code privatelink.clouds.azure.enabled=true}; otherwise
 * the sandbox serves Azure.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "privatelink.clouds.azure", name = "enabled", havingValue = "true")
class AzureCloudConfiguration {

    /** Environment variables, workload or managed identity, Azure CLI login: whatever the host offers. */
    @Bean
    TokenCredential azureCredential(AzureCloudProperties properties) {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder();
        if (StringUtils.hasText(properties.tenantId())) {
            builder.tenantId(properties.tenantId());
        }
        return builder.build();
    }

    @Bean
    HttpClient azureHttpClient(AzureCloudProperties properties) {
        return new NettyAsyncHttpClientBuilder()
                .connectTimeout(properties.connectTimeout())
                .responseTimeout(properties.responseTimeout())
                .build();
    }

    @Bean
    AzureSubscriptions azureSubscriptions(AzureCloudProperties properties, TokenCredential azureCredential,
                                          HttpClient azureHttpClient) {
        if (!StringUtils.hasText(properties.subscriptionId())) {
            throw new IllegalStateException("privatelink.clouds.azure.enabled=true needs privatelink.clouds.azure.subscription-id");
        }
        return new AzureSubscriptions(properties, azureCredential, azureHttpClient);
    }

    @Bean
    AzureErrors azureErrors(Clock clock) {
        return new AzureErrors(clock);
    }

    @Bean
    AzurePrivateLinkServices azurePrivateLinkServices(AzureCloudProperties properties, AzureSubscriptions subscriptions,
                                                      CloudCallGuard guard, AzureErrors errors) {
        return new AzurePrivateLinkServices(properties, subscriptions, guard, errors);
    }

    @Bean
    AzurePrivateDnsRecords azurePrivateDnsRecords(AzureCloudProperties properties, AzureSubscriptions subscriptions,
                                                  CloudCallGuard guard, AzureErrors errors) {
        return new AzurePrivateDnsRecords(properties, subscriptions, guard, errors);
    }
}
