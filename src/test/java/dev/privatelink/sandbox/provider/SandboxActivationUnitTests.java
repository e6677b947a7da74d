package dev.privatelink.sandbox.provider;

import dev.privatelink.cloud.CloudEndpointServices;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.cloud.DnsRecords;
import dev.privatelink.sandbox.SandboxWithoutDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox serves exactly the providers whose real adapter is not enabled. */
class SandboxActivationUnitTests {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(SandboxWithoutDatabase.class);

    @Test
    void withoutConfigurationTheSandboxServesBothClouds() {
        context.run(ctx -> {
            assertThat(ctx).hasSingleBean(SandboxAwsEndpointServices.class).hasSingleBean(SandboxAzurePrivateLinkServices.class);
            assertThat(ctx.getBeansOfType(CloudEndpointServices.class)).hasSize(2);
            assertThat(ctx.getBeansOfType(DnsRecords.class)).hasSize(2);
        });
    }

    @Test
    void anEnabledAwsAdapterTakesAwsAwayFromTheSandbox() {
        context.withPropertyValues("privatelink.clouds.aws.enabled=true").run(ctx -> {
            assertThat(ctx).doesNotHaveBean(SandboxAwsEndpointServices.class).hasSingleBean(SandboxAzurePrivateLinkServices.class);
            assertThat(ctx.getBeansOfType(DnsRecords.class).values()).extracting(DnsRecords::provider)
                    .containsExactly(CloudProvider.AZURE);
        });
    }

    @Test
    void withBothRealAdaptersEnabledTheSandboxServesNothing() {
        context.withPropertyValues("privatelink.clouds.aws.enabled=true", "privatelink.clouds.azure.enabled=true").run(ctx ->
                assertThat(ctx.getBeansOfType(CloudEndpointServices.class)).isEmpty());
    }

    @Test
    void anExplicitlyDisabledAdapterLeavesTheSandboxOn() {
        context.withPropertyValues("privatelink.clouds.azure.enabled=false").run(ctx ->
                assertThat(ctx).hasSingleBean(SandboxAzurePrivateLinkServices.class));
    }
}
