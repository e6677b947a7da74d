package dev.privatelink.sandbox.operator;

import java.util.UUID;

import dev.privatelink.sandbox.SandboxWithoutDatabase;
import dev.privatelink.security.Caller;
import dev.privatelink.security.Role;
import dev.privatelink.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ledger and fault routes exist while the sandbox serves at least one provider. */
class SandboxOperatorRoutesUnitTests {

    private static final Caller OPERATOR = new Caller("op", UUID.randomUUID(), Role.OPERATOR);

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(SandboxWithoutDatabase.class);

    @Test
    void withBothRealAdaptersEnabledTheLedgerAndFaultRoutesAnswer404() {
        context.withPropertyValues("privatelink.clouds.aws.enabled=true", "privatelink.clouds.azure.enabled=true").run(ctx -> {
            SandboxOperatorController controller = ctx.getBean(SandboxOperatorController.class);
            assertThatThrownBy(() -> controller.faults(OPERATOR))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND));
        });
    }

    @Test
    void withOneProviderOnTheSandboxTheFaultRoutesAnswer() {
        context.withPropertyValues("privatelink.clouds.aws.enabled=true").run(ctx ->
                assertThat(ctx.getBean(SandboxOperatorController.class).faults(OPERATOR).result()).isNotNull());
    }
}
