package dev.privatelink.bootstrap;

import java.time.Clock;

import dev.privatelink.apikey.KeyProvisioning;
import dev.privatelink.database.EmbeddedPostgresEnvironment;
import dev.privatelink.organization.Organization;
import dev.privatelink.organization.Organizations;
import dev.privatelink.organization.Plan;
import dev.privatelink.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * Creates the configured organization and keys at start-up when they are absent. On the embedded
 * default with nothing configured, fixed development credentials are used (and announced), so that
 * the README's and the seeds' curl commands work right after {@code ./mvnw spring-boot:run}. With an
 * external database nothing is created unless configured explicitly.
 */
@Component
class Bootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final BootstrapProperties configured;
    private final Organizations organizations;
    private final KeyProvisioning keys;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Environment environment;
    private final Clock clock;
    private BootstrapProperties applied;

    Bootstrap(BootstrapProperties configured, Organizations organizations, KeyProvisioning keys, JdbcClient jdbc,
              TransactionTemplate transaction, Environment environment, Clock clock) {
        this.configured = configured;
        this.organizations = organizations;
        this.keys = keys;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.environment = environment;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        applied = effective();
        if (applied == null) {
            return;
        }
        transaction.executeWithoutResult(status -> {
            // replicas starting together must not create the organization twice
            jdbc.sql("select pg_advisory_xact_lock(hashtext('privatelink-bootstrap'))").query().singleRow();
            Organization organization = organizations.findFirstByNameOrderByCreatedAt(applied.orgName())
                    .orElseGet(() -> createOrganization(applied));
            createKey(applied.adminKeyId(), applied.adminKeySecret(), organization, Role.ADMIN);
            createKey(applied.operatorKeyId(), applied.operatorKeySecret(), organization, Role.OPERATOR);
        });
    }

    private BootstrapProperties effective() {
        boolean embedded = environment.getProperty(EmbeddedPostgresEnvironment.ACTIVE_PROPERTY, Boolean.class, false);
        if (!configured.isEmpty()) {
            if (!StringUtils.hasText(configured.orgName())) {
                throw new IllegalStateException("privatelink.bootstrap.org-name is required when bootstrap keys are set");
            }
            return configured;
        }
        return embedded ? BootstrapProperties.DEVELOPMENT : null;
    }

    private Organization createOrganization(BootstrapProperties properties) {
        Plan plan = StringUtils.hasText(properties.orgPlan()) ? Plan.valueOf(properties.orgPlan()) : Plan.SCALE;
        log.info("Bootstrap: creating organization '{}' (plan {})", properties.orgName(), plan);
        return organizations.save(Organization.create(properties.orgName(), plan, clock.instant()));
    }

    private void createKey(String keyId, String secret, Organization organization, Role role) {
        if (!StringUtils.hasText(keyId)) {
            return;
        }
        if (!StringUtils.hasText(secret)) {
            throw new IllegalStateException("bootstrap key '" + keyId + "' has no secret configured");
        }
        if (keys.createIfAbsent(keyId, secret, organization.id(), "bootstrap " + role.name().toLowerCase(), role)) {
            log.info("Bootstrap: created {} key '{}' in organization '{}'", role, keyId, organization.name());
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String base = "http://localhost:" + port;
        log.info("Swagger UI: {}/swagger-ui.html  (API docs: {}/v3/api-docs)", base, base);
        if (applied == BootstrapProperties.DEVELOPMENT) {
            log.warn("DEVELOPMENT CREDENTIALS in use (embedded database, nothing configured): organization 'demo', "
                    + "ADMIN key dev-admin-key / dev-admin-secret, OPERATOR key dev-operator-key / dev-operator-secret. "
                    + "Never use them outside development.");
            log.info("Try: curl --user dev-admin-key:dev-admin-secret {}/v1/organizations", base);
        }
    }
}
