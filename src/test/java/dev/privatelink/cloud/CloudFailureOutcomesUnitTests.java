package dev.privatelink.cloud;

import java.time.Duration;

import dev.privatelink.workflow.StepOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed cloud call becomes the step outcome its classification calls for; other exceptions are not the cloud's to judge. */
class CloudFailureOutcomesUnitTests {

    @Test
    void cloudErrorsMapByTheirClassification() {
        assertThat(CloudFailureOutcomes.of(cloud(CloudErrorKind.TERMINAL, null)))
                .isInstanceOfSatisfying(StepOutcome.Fail.class, f -> assertThat(f.reasonCode()).isEqualTo("Code"));
        assertThat(CloudFailureOutcomes.of(cloud(CloudErrorKind.THROTTLED, Duration.ofSeconds(7))))
                .isInstanceOfSatisfying(StepOutcome.Throttled.class, t -> assertThat(t.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        assertThat(CloudFailureOutcomes.of(cloud(CloudErrorKind.UNAVAILABLE, null))).isInstanceOf(StepOutcome.Throttled.class);
        assertThat(CloudFailureOutcomes.of(cloud(CloudErrorKind.RETRYABLE, Duration.ofSeconds(3))))
                .isInstanceOfSatisfying(StepOutcome.Retry.class, r -> assertThat(r.delayHint()).isEqualTo(Duration.ofSeconds(3)));
        assertThat(CloudFailureOutcomes.of(cloud(CloudErrorKind.NOT_FOUND, null))).isInstanceOf(StepOutcome.Retry.class);
    }

    @Test
    void onlyCloudFailuresAreJudged() {
        assertThat(new CloudFailureOutcomes().outcomeOf(cloud(CloudErrorKind.TERMINAL, null))).isPresent();
        assertThat(new CloudFailureOutcomes().outcomeOf(new IllegalStateException("a bug"))).isEmpty();
    }

    private static CloudException cloud(CloudErrorKind kind, Duration retryAfter) {
        return new CloudException(CloudProvider.AWS, "createThing", "Code", kind, "boom", retryAfter, null);
    }
}
