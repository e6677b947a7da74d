package dev.privatelink.cloud.resilience;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cloud buckets budgets derive from are configurable per API class, each on its own. */
class ResiliencePropertiesUnitTests {

    private static ResilienceProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("privatelink.clouds.resilience", ResilienceProperties.class);
    }

    @Test
    void aConfiguredBucketChangesOnlyItsOwnBudget() {
        ResilienceProperties settings = bind(Map.of(
                "privatelink.clouds.resilience.buckets.aws-ec2-describe.burst", "200",
                "privatelink.clouds.resilience.buckets.aws-ec2-describe.refill-per-second", "40",
                "privatelink.clouds.resilience.buckets.AZURE_ARM_WRITE.refill-per-second", "5"));

        assertThat(settings.window(ApiClass.AWS_EC2_DESCRIBE))
                .isEqualTo(ApiClass.window(0.9, 200, 40)).extracting(ApiClass.Window::permits).isEqualTo(90);
        // the burst not set keeps the published one
        assertThat(settings.window(ApiClass.AZURE_ARM_WRITE)).isEqualTo(ApiClass.window(0.9, 200, 5));
        assertThat(settings.window(ApiClass.AWS_EC2_ACCEPT_REJECT)).isEqualTo(ApiClass.AWS_EC2_ACCEPT_REJECT.window(0.9));
    }

    @Test
    void budgetsStayWithinTheFractionOfAConfiguredBucket() {
        ResilienceProperties settings = bind(Map.of(
                "privatelink.clouds.resilience.budget-fraction", "0.5",
                "privatelink.clouds.resilience.buckets.aws-route53.burst", "10",
                "privatelink.clouds.resilience.buckets.aws-route53.refill-per-second", "2"));
        ApiClass.Window window = settings.window(ApiClass.AWS_ROUTE53);

        assertThat(2 * window.permits()).isLessThanOrEqualTo(5);
        assertThat(window.permitsPerSecond()).isLessThanOrEqualTo(1.0 + 1e-9);
        assertThat(window.period()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aBucketWithoutTokensIsRefused() {
        assertThatThrownBy(() -> new ResilienceProperties.CloudBucket(0, 1.0)).hasMessageContaining("burst");
        assertThatThrownBy(() -> new ResilienceProperties.CloudBucket(10, 0.0)).hasMessageContaining("refill-per-second");
    }
}
