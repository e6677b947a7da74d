package dev.privatelink.operations;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator deploys without us: the image definition, its build context, the compose file, the
 * alert rules and the dashboard. Checked with the tools that judge them (a Dockerfile linter, Debian's
 * {@code docker-compose config}, {@code promtool}) and for the promises the README makes about them.
 */
class OperationsFilesUnitTests {

    private static final Path DOCKERFILE = Path.of("Dockerfile");

    // ---- Dockerfile

    @Test
    void theDockerfilePassesTheLinter() {
        OperationsFiles.run("npm install -g dockerfile-utils", "dockerfile-utils", "lint", DOCKERFILE.toString());
    }

    @Test
    void theImageRunsAsANonRootUserWithTheAotCacheAndAHealthCheckItCanRun() throws Exception {
        List<String> finalStage = finalStage(instructions());

        List<String> users = finalStage.stream().filter(i -> i.startsWith("USER ")).toList();
        assertThat(users).as("the final stage switches user").isNotEmpty();
        assertThat(users.getLast()).as("the user the service runs as").doesNotContain("root").isNotEqualTo("USER 0");

        String healthcheck = finalStage.stream().filter(i -> i.startsWith("HEALTHCHECK ")).findFirst().orElseThrow();
        assertThat(healthcheck).as("the JRE image keeps neither").doesNotContain("curl").doesNotContain("wget");
        String probe = mainClassIn(healthcheck);
        assertThat(Class.forName(probe)).as("the probe the health check runs is in the jar").isNotNull();
        assertThat(Class.forName(probe).getMethod("main", String[].class)).isNotNull();

        String entrypoint = finalStage.stream().filter(i -> i.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
        String cache = option(entrypoint, "-XX:AOTCache=");
        assertThat(finalStage).as("a training run writes the cache the entrypoint reads")
                .anyMatch(i -> i.startsWith("RUN ") && cache.equals(option(i, "-XX:AOTCacheOutput=")));
        assertThat(entrypoint).contains("\"-jar\", \"/app/control-plane.jar\"");
    }

    @Test
    void theImageIsBuiltWithoutEmbeddedPostgresBinaries() {
        String build = String.join("\n", instructions());
        assertThat(build).contains("-Dspring-boot.excludeGroupIds=io.zonky.test.postgres");
        assertThat(finalStage(instructions())).as("the training run's binaries are mounted, not copied")
                .noneMatch(i -> i.startsWith("COPY") && i.contains("training"));
    }

    @Test
    void theBuildContextHoldsTheSourcesTheDockerfileCopiesAndNothingBulkyOrSecret() {
        List<String> ignore = OperationsFiles.read(Path.of(".dockerignore")).lines()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(ignore.getFirst()).as("everything is excluded first, the sources let in by name").isEqualTo("*");
        Set<String> included = ignore.stream().skip(1).map(l -> {
            assertThat(l).as(".dockerignore lines after * re-include").startsWith("!");
            return l.substring(1).replaceAll("/$", "");
        }).collect(Collectors.toSet());

        for (String instruction : instructions()) {
            if (instruction.startsWith("COPY ") && !instruction.contains("--from=")) {
                List<String> words = List.of(instruction.split("\\s+"));
                for (String source : words.subList(1, words.size() - 1)) {
                    String path = source.replaceAll("/$", "");
                    assertThat(included).as(".dockerignore lets " + path + " into the context").contains(path);
                    assertThat(Path.of(path)).exists();
                }
            }
        }
        assertThat(included).doesNotContain("target", ".data", ".git", "config", "src", ".");
    }

    // ---- compose

    @Test
    void theComposeFileIsValid() {
        OperationsFiles.run("apt-get install docker-compose", "docker-compose", "-f", "docker-compose.yml", "config", "--quiet");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeChecksHealthWithTheImagesOwnProbe() throws Exception {
        Map<String, Object> compose = new Yaml().load(OperationsFiles.read(Path.of("docker-compose.yml")));
        Map<String, Object> service = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("control-plane");
        List<String> test = (List<String>) ((Map<String, Object>) service.get("healthcheck")).get("test");
        assertThat(test).doesNotContain("curl", "wget").contains("java");
        assertThat(Class.forName(mainClassIn(String.join(" ", test)))).isNotNull();
        assertThat(service.get("build")).as("built from the sources by the Dockerfile").isEqualTo(".");
    }

    // ---- alert rules

    @Test
    void theAlertRulesAreValidAndEachIsTested() {
        OperationsFiles.run("apt-get install prometheus", "promtool", "check", "rules", OperationsFiles.ALERTS.toString());
        String report = OperationsFiles.run("apt-get install prometheus", "promtool", "test", "rules",
                OperationsFiles.ALERT_TESTS.toString());
        assertThat(report).contains("SUCCESS");

        Set<String> tested = new HashSet<>();
        Matcher matcher = Pattern.compile("alertname:\\s*(\\S+)").matcher(OperationsFiles.read(OperationsFiles.ALERT_TESTS));
        while (matcher.find()) {
            tested.add(matcher.group(1));
        }
        List<String> alerts = OperationsFiles.alertRules().stream().map(r -> (String) r.get("alert")).toList();
        assertThat(alerts).as("stuck workflows, failure rate, queue lag, budget exhaustion")
                .contains("PrivateLinkWorkflowsStuck", "PrivateLinkWorkflowStepFailureRate", "PrivateLinkWorkflowQueueLag",
                        "PrivateLinkCloudBudgetExhausted");
        assertThat(tested).as("every alert has a promtool test case").containsAll(alerts);
    }

    // ---- dashboard

    @Test
    void theDashboardShowsWhatOperatorsWatch() {
        JsonNode dashboard = OperationsFiles.dashboard();
        List<String> titles = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("panel ids are unique").isTrue();
            titles.add(panel.get("title").asString());
            if (!panel.get("type").asString().equals("row")) {
                assertThat(panel.get("targets")).as(panel.get("title").asString() + " has queries").isNotEmpty();
                assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("${datasource}");
            }
        }
        assertThat(titles).contains("Registrations by status", "Time to Ready", "Workflow queue lag",
                "Cloud calls by outcome", "Throttled by the cloud", "Refused by our own budget or breaker");
        assertThat(dashboard.get("templating").get("list").get(0).get("type").asString()).isEqualTo("datasource");
        assertThat(OperationsFiles.dashboardExpressions()).allSatisfy(e -> assertThat(OperationsFiles.metricNames(e)).isNotEmpty());
    }

    // ---- helpers

    /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
    private static List<String> instructions() {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : OperationsFiles.read(DOCKERFILE).lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                current.append(trimmed);
                instructions.add(current.toString().replaceAll("\\s+", " ").strip());
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static List<String> finalStage(List<String> instructions) {
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith("FROM ")) {
                from = i;
            }
        }
        return instructions.subList(from, instructions.size());
    }

    private static String option(String instruction, String prefix) {
        Matcher matcher = Pattern.compile(Pattern.quote(prefix) + "([^\\s\"]+)").matcher(instruction);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String mainClassIn(String command) {
        Matcher matcher = Pattern.compile("(dev\\.privatelink\\.[A-Za-z.]+)").matcher(command);
        assertThat(matcher.find()).as("a class of ours runs: " + command).isTrue();
        return matcher.group(1);
    }
}
