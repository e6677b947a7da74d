package dev.privatelink.bootstrap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The organization and keys created at start-up if absent ({@code PRIVATELINK_BOOTSTRAP_*}).
 *
 * @param orgName           organization to create (and to hold the keys)
 * @param orgPlan           its plan, {@code SCALE} unless set
 * @param adminKeyId        id of its ADMIN key
 * @param adminKeySecret    secret of its ADMIN key
 * @param operatorKeyId     id of the platform's OPERATOR key
 * @param operatorKeySecret secret of the platform's OPERATOR key
 */
@ConfigurationProperties("privatelink.bootstrap")
public record BootstrapProperties(String orgName, String orgPlan, String adminKeyId, String adminKeySecret,
                                  String operatorKeyId, String operatorKeySecret) {

    /** Fixed development values, used only on the embedded default and only when nothing is set. */
    static final BootstrapProperties DEVELOPMENT = new BootstrapProperties(
            "demo", "SCALE", "dev-admin-key", "dev-admin-secret", "dev-operator-key", "dev-operator-secret");

    boolean isEmpty() {
        return !StringUtils.hasText(orgName) && !StringUtils.hasText(adminKeyId) && !StringUtils.hasText(operatorKeyId);
    }
}
