package dev.privatelink.sandbox.model;

import java.time.Duration;
import java.util.random.RandomGenerator;

import dev.privatelink.cloud.CloudErrorKind;
import dev.privatelink.cloud.CloudException;
import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.sandbox.model.SandboxFaults;
import dev.privatelink.sandbox.model.SandboxSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SandboxFaultsUnitTests {

    @Test
    void aThrottledAwsCallCarriesTheCloudCodeAndARetryAfter() {
        SandboxFaults faults = faultsDrawing(0.05);
        faults.set(new SandboxFaults.Rates(0.1, 0.1, 0.1));

        CloudException e = catchThrowableOfType(CloudException.class, () -> faults.inject(CloudProvider.AWS, "listConnections"));

        assertThat(e.kind()).isEqualTo(CloudErrorKind.THROTTLED);
        assertThat(e.code()).isEqualTo("RequestLimitExceeded");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(e.operation()).isEqualTo("listConnections");
    }

    @Test
    void theDrawPicksServerErrorsAndTimeoutsByTheirShares() {
        SandboxFaults serverError = faultsDrawing(0.15);
        serverError.set(new SandboxFaults.Rates(0.1, 0.1, 0.1));
        SandboxFaults timeout = faultsDrawing(0.25);
        timeout.set(new SandboxFaults.Rates(0.1, 0.1, 0.1));
        SandboxFaults none = faultsDrawing(0.35);
        none.set(new SandboxFaults.Rates(0.1, 0.1, 0.1));

        CloudException e5xx = catchThrowableOfType(CloudException.class, () -> serverError.inject(CloudProvider.AZURE, "acceptConnection"));
        CloudException eTimeout = catchThrowableOfType(CloudException.class, () -> timeout.inject(CloudProvider.AWS, "acceptConnection"));

        assertThat(e5xx.kind()).isEqualTo(CloudErrorKind.RETRYABLE);
        assertThat(e5xx.code()).isEqualTo("500");
        assertThat(eTimeout.kind()).isEqualTo(CloudErrorKind.RETRYABLE);
        assertThat(eTimeout.code()).isEqualTo("Timeout");
        assertThatCode(() -> none.inject(CloudProvider.AWS, "acceptConnection")).doesNotThrowAnyException();
    }

    @Test
    void ratesOutsideZeroToOneOrAddingUpToMoreThanOneAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SandboxFaults.Rates(1.5, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new SandboxFaults.Rates(-0.1, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new SandboxFaults.Rates(0.5, 0.5, 0.5));
    }

    private static SandboxFaults faultsDrawing(double draw) {
        RandomGenerator fixed = new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return draw;
            }
        };
        return new SandboxFaults(SandboxSettings.defaults(), fixed);
    }
}
