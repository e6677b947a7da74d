package dev.privatelink.endpoint.setup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The rendered CLI setups run as the customer runs them: bash executes the script with every
 * placeholder set, the {@code aws}/{@code az} commands it reaches are recorded with their arguments as
 * bash expanded them, and then the real AWS CLI and Azure CLI (Debian's {@code awscli} and
 * {@code azure-cli}, installed by {@code .ci/run}) parse each one with their own argument parsers
 * without calling a cloud ({@code src/test/resources/setup/parse-only.py}). Skipped, saying so, where a
 * CLI is not installed.
 */
class SetupCommandsCliTests {

    private static final Path PARSE_ONLY = Path.of("src/test/resources/setup/parse-only.py").toAbsolutePath();
    private static final String PYTHON = "/usr/bin/python3";

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("aws", SetupScripts.render(SetupTool.AWS_CLI, SetupRenderings.AWS, SetupRenderings.UNKNOWN, null), 4),
                Arguments.of("aws", SetupScripts.render(SetupTool.AWS_CLI, SetupRenderings.AWS, SetupRenderings.AWS_KNOWN, null), 4),
                Arguments.of("az", SetupScripts.render(SetupTool.AZURE_CLI, SetupRenderings.AZURE, SetupRenderings.UNKNOWN, null), 7),
                Arguments.of("az", SetupScripts.render(SetupTool.AZURE_CLI, SetupRenderings.AZURE, SetupRenderings.AZURE_KNOWN, null), 7));
    }

    @ParameterizedTest(name = "{0} {index}")
    @MethodSource("renderings")
    void everyRenderedCommandRunsInBashAndIsAcceptedByTheRealCliParser(String cli, PrivateEndpointSetup setup, int commands,
                                                                        @TempDir Path dir) throws Exception {
        requireCli(cli);
        Path recorded = Files.createDirectory(dir.resolve("recorded"));
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        List<String> names = new ArrayList<>(setup.placeholders().stream().map(PrivateEndpointSetup.Placeholder::name).toList());
        names.addAll(List.of("KEY_ID", "KEY_SECRET"));
        for (String name : names) {
            assertThat(SetupRenderings.SAMPLE_VALUES).as("a sample value for " + name).containsKey(name);
            script.append("export ").append(name).append("='").append(SetupRenderings.SAMPLE_VALUES.get(name)).append("'\n");
        }
        script.append("""
                n=0
                %1$s() { n=$((n+1)); printf '%%s\\0' "$@" > "%2$s/$(printf %%03d "$n")"; }
                curl() { printf '%%s\\0' "$@" > curl-arguments; }
                """.formatted(cli, recorded));
        script.append(setup.text());

        Result bash = run(dir, Map.of(), "bash", "-c", script.toString());
        assertThat(bash.exitCode()).as("bash: " + bash.output()).isZero();
        try (Stream<Path> files = Files.list(recorded)) {
            assertThat(files.count()).as("commands reached").isEqualTo(commands);
        }
        // the heredocs wrote JSON the API and the CLI can read
        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.readTree(Files.readString(dir.resolve("pl_config.json"))).at("/privateEndpointIds/add/0").asString())
                .isIn(SetupRenderings.SAMPLE_VALUES.get(cli.equals("aws") ? "VPC_ENDPOINT_ID" : "RESOURCE_GUID"),
                        "vpce-0123456789abcdef0", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a");
        assertThat(Files.readString(dir.resolve("curl-arguments"))).contains(SetupRenderings.AWS.servicePath().substring(0, 40));

        Result parsed = parseOnly(cli, recorded, dir);
        assertThat(parsed.exitCode()).as(parsed.output()).isZero();
        assertThat(parsed.output().lines().filter(l -> l.startsWith("ok"))).hasSize(commands);
    }

    @Test
    void theParserCheckRefusesAnUnknownFlagAndAMissingRequiredOne(@TempDir Path dir) throws Exception {
        requireCli("aws");
        Path recorded = Files.createDirectory(dir.resolve("recorded"));
        Files.writeString(recorded.resolve("001"), String.join("\0", "ec2", "create-vpc-endpoint", "--region", "us-west-2", "--vpc-id",
                "vpc-0abc12345def67890", "--service-name", "com.amazonaws.vpce.us-west-2.vpce-svc-b92248511733889a6",
                "--vpc-endpoint-kind", "Interface") + "\0");
        Files.writeString(recorded.resolve("002"), String.join("\0", "route53", "change-resource-record-sets",
                "--hosted-zone-id", "Z0123456789ABCDEFGHIJ") + "\0");
        Result parsed = parseOnly("aws", recorded, dir);
        assertThat(parsed.exitCode()).isEqualTo(1);
        assertThat(parsed.output()).contains("Unknown options: --vpc-endpoint-kind").contains("--change-batch");
    }

    private static Result parseOnly(String cli, Path recorded, Path dir) throws IOException, InterruptedException {
        Path azureConfig = Files.createDirectories(dir.resolve("azure-config"));
        return run(dir, Map.of(
                        // the AWS CLI: no profile, no instance metadata lookups; it never signs a request here
                        "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                        "AWS_EC2_METADATA_DISABLED", "true", "AWS_ACCESS_KEY_ID", "unused", "AWS_SECRET_ACCESS_KEY", "unused",
                        // the Azure CLI: an empty configuration (not logged in), no telemetry
                        "AZURE_CONFIG_DIR", azureConfig.toString(), "AZURE_CORE_COLLECT_TELEMETRY", "false",
                        "AZURE_CORE_NO_COLOR", "true"),
                PYTHON, PARSE_ONLY.toString(), cli, recorded.toString());
    }

    private static void requireCli(String cli) throws IOException, InterruptedException {
        String module = cli.equals("aws") ? "awscli.clidriver" : "azure.cli.core";
        String pkg = cli.equals("aws") ? "awscli" : "azure-cli";
        assumeTrue(Files.isExecutable(Path.of(PYTHON)) && run(Path.of("."), Map.of(), PYTHON, "-c", "import " + module)
                .exitCode() == 0, "Debian's " + pkg + " is not installed (apt-get install " + pkg + "): its argument check is skipped");
    }

    private static Result run(Path dir, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
