package dev.privatelink.cloud.sandbox;

import java.time.Clock;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.DnsRecords;
import dev.privatelink.cloud.EndpointServiceCloud;
import dev.privatelink.security.Caller;
import dev.privatelink.security.Role;
import dev.privatelink.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

/** The sandbox serves exactly the providers whose real adapter is not enabled, and its routes follow. */
class SandboxActivationUnitTests {

    private static final Caller OPERATOR = new Caller("op", UUID.randomUUID(), Role.OPERATOR);

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Sandbox.class);

    @Test
    void withoutConfigurationTheSandboxServesBothClouds() {
        context.run(ctx -> {
            assertThat(ctx).hasSingleBean(SandboxAwsEndpointServices.class).hasSingleBean(SandboxAzurePrivateLinkServices.class);
            assertThat(ctx.getBeansOfType(EndpointServiceCloud.class)).hasSize(2);
            assertThat(ctx.getBeansOfType(DnsRecords.class)).hasSize(2);
        });
    }

    @Test
    void anEnabledAwsAdapterTakesAwsAwayFromTheSandboxAndItsRoutesAnswer404() {
        context.withPropertyValues("privatelink.clouds.aws.enabled=true").run(ctx -> {
            assertThat(ctx).doesNotHaveBean(SandboxAwsEndpointServices.class).hasSingleBean(SandboxAzurePrivateLinkServices.class);
            assertThat(ctx.getBeansOfType(DnsRecords.class).values()).extracting(DnsRecords::provider)
                    .containsExactly(CloudProvider.AZURE);
            SandboxController controller = ctx.getBean(SandboxController.class);
            assertThatThrownBy(() -> controller.vpcEndpoint(OPERATOR, "vpce-0123456789abcdef0"))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND));
        });
    }

    @Test
    void withBothRealAdaptersEnabledTheLedgerAndFaultRoutesAnswer404Too() {
        context.withPropertyValues("privatelink.clouds.aws.enabled=true", "privatelink.clouds.azure.enabled=true").run(ctx -> {
            assertThat(ctx.getBeansOfType(EndpointServiceCloud.class)).isEmpty();
            SandboxController controller = ctx.getBean(SandboxController.class);
            assertThatThrownBy(() -> controller.faults(OPERATOR))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND));
        });
    }

    @Test
    void anExplicitlyDisabledAdapterLeavesTheSandboxOn() {
        context.withPropertyValues("privatelink.clouds.azure.enabled=false").run(ctx ->
                assertThat(ctx).hasSingleBean(SandboxAzurePrivateLinkServices.class));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SandboxSettings.class)
    @Import({SandboxFaults.class, SandboxLedger.class, SandboxCalls.class, SandboxServices.class, SandboxConnections.class,
            SandboxDnsZones.class, SandboxAwsEndpointServices.class, SandboxAzurePrivateLinkServices.class,
            SandboxDnsConfiguration.class, SandboxController.class})
    static class Sandbox {
        @Bean
        JdbcClient jdbcClient() {
            return mock(JdbcClient.class);
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }
    }
}
