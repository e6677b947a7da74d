package dev.privatelink.bootstrap;

import java.io.File;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

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
import org.springframework.boot.system.ApplicationHome;
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
 * external database nothing is created unless configured explicitly (or by {@link BootstrapCommand});
 * a database nobody can log in to is announced with one warning that says how to fix it.
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
    private Outcome outcome;

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

    /** What start-up created or found: the organization, and each configured key with whether it was new. */
    record Outcome(Organization organization, boolean organizationCreated, List<KeyOutcome> keys) {
    }

    record KeyOutcome(String keyId, Role role, boolean created) {
    }

    @Override
    public void run(ApplicationArguments args) {
        applied = effective();
        if (applied == null) {
            return;
        }
        outcome = transaction.execute(status -> {
            // replicas starting together must not create the organization twice
            jdbc.sql("select pg_advisory_xact_lock(hashtext('privatelink-bootstrap'))").query().singleRow();
            var existing = organizations.findFirstByNameOrderByCreatedAt(applied.orgName());
            Organization organization = existing.orElseGet(() -> createOrganization(applied));
            List<KeyOutcome> created = new ArrayList<>();
            createKey(applied.adminKeyId(), applied.adminKeySecret(), organization, Role.ADMIN, created);
            createKey(applied.operatorKeyId(), applied.operatorKeySecret(), organization, Role.OPERATOR, created);
            return new Outcome(organization, existing.isEmpty(), created);
        });
    }

    /** What {@link #run} did; {@code null} when nothing was configured. */
    Outcome outcome() {
        return outcome;
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

    private void createKey(String keyId, String secret, Organization organization, Role role, List<KeyOutcome> outcomes) {
        if (!StringUtils.hasText(keyId)) {
            return;
        }
        if (!StringUtils.hasText(secret)) {
            throw new IllegalStateException("bootstrap key '" + keyId + "' has no secret configured");
        }
        boolean created = keys.createIfAbsent(keyId, secret, organization.id(), "bootstrap " + role.name().toLowerCase(), role);
        if (created) {
            log.info("Bootstrap: created {} key '{}' in organization '{}'", role, keyId, organization.name());
        }
        outcomes.add(new KeyOutcome(keyId, role, created));
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        if (environment.matchesProfiles(BootstrapCommand.PROFILE)) {
            return; // the command reports for itself
        }
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String base = "http://localhost:" + port;
        log.info("Swagger UI: {}/swagger-ui.html  (API docs: {}/v3/api-docs)", base, base);
        if (applied == BootstrapProperties.DEVELOPMENT) {
            log.warn("DEVELOPMENT CREDENTIALS in use (embedded database, nothing configured): organization 'demo', "
                    + "ADMIN key dev-admin-key / dev-admin-secret, OPERATOR key dev-operator-key / dev-operator-secret. "
                    + "Never use them outside development.");
            log.info("Try: curl --user dev-admin-key:dev-admin-secret {}/v1/organizations", base);
            return;
        }
        warnWhenNobodyCanLogIn();
    }

    /** An empty external database answers every request 401: say so once, and how to get in. */
    private void warnWhenNobodyCanLogIn() {
        if (keys.anyOperatorKey()) {
            return; // every key belongs to an organization: both exist
        }
        String how = "Create them once with `" + command("bootstrap --org-name=<name>") + "` (it prints the new keys' "
                + "secrets), or set PRIVATELINK_BOOTSTRAP_ORG_NAME, PRIVATELINK_BOOTSTRAP_OPERATOR_KEY_ID/_SECRET and "
                + "PRIVATELINK_BOOTSTRAP_ADMIN_KEY_ID/_SECRET and restart.";
        if (organizations.count() == 0) {
            log.warn("This database has no organization and no OPERATOR key: every API request will answer 401. {}", how);
        } else {
            log.warn("This database has no OPERATOR key: nobody can create organizations or keys through the API. {}", how);
        }
    }

    /** The command that runs this service with {@code arguments}: the jar it was started from, else Maven. */
    static String command(String arguments) {
        File source = new ApplicationHome().getSource();
        if (source != null && source.getName().endsWith(".jar")) {
            return "java -jar " + source.getAbsolutePath() + " " + arguments;
        }
        return "./mvnw spring-boot:run -Dspring-boot.run.arguments=\"" + arguments + "\"";
    }
}
