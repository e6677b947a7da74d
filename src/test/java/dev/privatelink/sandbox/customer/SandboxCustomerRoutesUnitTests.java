package dev.privatelink.sandbox.customer;

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

/** The customer side's routes of a provider exist only while the sandbox serves that provider. */
class SandboxCustomerRoutesUnitTests {

    private static final Caller OPERATOR = new Caller("op", UUID.randomUUID(), Role.OPERATOR);

    @Test
    void anEnabledAwsAdapterMakesTheAwsRoutesAnswer404() {
        new ApplicationContextRunner().withUserConfiguration(SandboxWithoutDatabase.class)
                .withPropertyValues("privatelink.clouds.aws.enabled=true").run(ctx -> {
                    assertThat(ctx).doesNotHaveBean(CustomerVpcEndpoints.class).hasSingleBean(CustomerPrivateEndpoints.class);
                    SandboxCustomerController controller = ctx.getBean(SandboxCustomerController.class);
                    assertThatThrownBy(() -> controller.vpcEndpoint(OPERATOR, "vpce-0123456789abcdef0"))
                            .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND));
                });
    }
}
