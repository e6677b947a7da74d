package dev.privatelink.operations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed operations files (dashboard, alert rules) and the command-line tools that check them. */
final class OperationsFiles {

    static final Path DASHBOARD = Path.of("ops/grafana/privatelink-control-plane.json");
    static final Path ALERTS = Path.of("ops/prometheus/alerts.yml");
    static final Path ALERT_TESTS = Path.of("ops/prometheus/alerts-test.yml");

    private static final Pattern METRIC = Pattern.compile("\\b((?:privatelink|resilience4j|http_server)_[a-zA-Z0-9_]+)\\b");

    private OperationsFiles() {
    }

    static JsonNode dashboard() {
        return JsonMapper.builder().build().readTree(read(DASHBOARD));
    }

    /** Every PromQL expression of the dashboard's panels. */
    static List<String> dashboardExpressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard().get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.get("expr").asString());
            }
        }
        return expressions;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> alertRules() {
        Map<String, Object> file = new Yaml().load(read(ALERTS));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    /** The metric names (as Prometheus exposes them) that an expression reads. */
    static Set<String> metricNames(String expression) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = METRIC.matcher(expression);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /**
     * Runs a command-line tool and returns its output. A tool that is not installed skips the test with
     * how to get it; on CI ({@code CI=true}, where {@code .ci/run} installs it) it fails instead.
     */
    static String run(String installHint, String... command) {
        boolean installed = Path.of("/usr/bin", command[0]).toFile().canExecute()
                || Path.of("/usr/local/bin", command[0]).toFile().canExecute();
        if (!installed) {
            String message = command[0] + " is not installed (" + installHint + "); .ci/run installs it";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
            assertThat(process.exitValue()).as(String.join(" ", command) + " said:\n" + output).isZero();
            return output;
        } catch (IOException e) {
            throw new AssertionError("could not run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
