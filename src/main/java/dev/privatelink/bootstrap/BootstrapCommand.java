package dev.privatelink.bootstrap;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.privatelink.apikey.KeyProvisioning;
import dev.privatelink.organization.Plan;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one-off command that creates the first organization and its keys on a database that has none:
 * <pre>
 * java -jar control-plane.jar bootstrap --org-name=acme [--org-plan=SCALE] [--admin-key-id=acme-admin]
 *                                       [--operator-key-id=platform-operator]
 * </pre>
 * It migrates the schema, creates what is absent exactly as {@code PRIVATELINK_BOOTSTRAP_*} would at
 * start-up, prints the new keys' secrets (generated, shown only here) and exits; the database comes from
 * the usual settings ({@code SPRING_DATASOURCE_*}). No web server, no workflow steps run meanwhile.
 * Other {@code --spring...} options pass through.
 */
public final class BootstrapCommand {

    /** The first argument that selects this command. */
    public static final String NAME = "bootstrap";
    /** Active while the command runs: start-up work that only the service should do can step aside. */
    public static final String PROFILE = "bootstrap-command";

    private static final String USAGE = """
            usage: java -jar control-plane.jar bootstrap --org-name=<name> [--org-plan=%s]
                   [--admin-key-id=<id>] [--operator-key-id=<id>]   (an empty id creates no such key)
            The database is the service's: SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD.
            """.formatted(String.join("|", Arrays.stream(Plan.values()).map(Enum::name).toList()));

    private BootstrapCommand() {
    }

    public static boolean isInvokedBy(String[] args) {
        return args.length > 0 && NAME.equals(args[0]);
    }

    /** Runs the command; returns the process exit status (0 done, 1 failed, 2 bad usage). */
    public static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> passThrough = new ArrayList<>();
        for (String arg : Arrays.copyOfRange(args, 1, args.length)) {
            String name = arg.startsWith("--") && arg.contains("=") ? arg.substring(2, arg.indexOf('=')) : null;
            if (List.of("org-name", "org-plan", "admin-key-id", "operator-key-id").contains(name)) {
                options.put(name, arg.substring(arg.indexOf('=') + 1).strip());
            } else if (arg.startsWith("--spring.") || arg.startsWith("--privatelink.") || arg.startsWith("--logging.")) {
                passThrough.add(arg);
            } else {
                err.print("unknown argument '" + arg + "'\n" + USAGE);
                return 2;
            }
        }
        String orgName = options.getOrDefault("org-name", "");
        String plan = options.getOrDefault("org-plan", Plan.SCALE.name());
        if (orgName.isEmpty() || Arrays.stream(Plan.values()).noneMatch(p -> p.name().equals(plan))) {
            err.print(USAGE);
            return 2;
        }
        String adminKeyId = options.getOrDefault("admin-key-id", orgName + "-admin");
        String operatorKeyId = options.getOrDefault("operator-key-id", "platform-operator");
        Map<String, String> secrets = new LinkedHashMap<>();
        List<String> springArgs = new ArrayList<>(passThrough);
        springArgs.add("--privatelink.bootstrap.org-name=" + orgName);
        springArgs.add("--privatelink.bootstrap.org-plan=" + plan);
        if (!adminKeyId.isEmpty()) {
            secrets.put(adminKeyId, KeyProvisioning.newSecret());
            springArgs.add("--privatelink.bootstrap.admin-key-id=" + adminKeyId);
            springArgs.add("--privatelink.bootstrap.admin-key-secret=" + secrets.get(adminKeyId));
        }
        if (!operatorKeyId.isEmpty()) {
            secrets.put(operatorKeyId, KeyProvisioning.newSecret());
            springArgs.add("--privatelink.bootstrap.operator-key-id=" + operatorKeyId);
            springArgs.add("--privatelink.bootstrap.operator-key-secret=" + secrets.get(operatorKeyId));
        }
        SpringApplication command = new SpringApplication(application);
        command.setAdditionalProfiles(PROFILE);
        command.setDefaultProperties(Map.of(
                "server.port", "-1", // the web context the security rules need, but no server listening
                "db-scheduler.enabled", "false",
                "spring.main.banner-mode", "off",
                "logging.level.root", "warn"));
        try (ConfigurableApplicationContext context = command.run(springArgs.toArray(String[]::new))) {
            report(context.getBean(Bootstrap.class).outcome(), secrets, out);
            return 0;
        } catch (RuntimeException e) {
            err.println("bootstrap failed: " + e.getMessage());
            return 1;
        }
    }

    private static void report(Bootstrap.Outcome outcome, Map<String, String> secrets, PrintStream out) {
        out.printf("Organization '%s' (id %s, plan %s): %s%n", outcome.organization().name(), outcome.organization().id(),
                outcome.organization().plan(), outcome.organizationCreated() ? "created" : "exists already");
        for (Bootstrap.KeyOutcome key : outcome.keys()) {
            if (key.created()) {
                out.printf("%s key created: --user '%s:%s'   (the secret is shown only now)%n", key.role(), key.keyId(),
                        secrets.get(key.keyId()));
            } else {
                out.printf("%s key '%s' exists already: left unchanged, its secret is not shown%n", key.role(), key.keyId());
            }
        }
    }
}
