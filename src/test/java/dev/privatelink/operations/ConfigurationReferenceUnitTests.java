package dev.privatelink.operations;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.privatelink.cloud.aws.AwsCloudProperties;
import dev.privatelink.cloud.azure.AzureCloudProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table is where people look, so it must list every {@code privatelink.*}
 * setting the code binds (from the configuration metadata the build generates), nothing that does not
 * exist, environment variables that really bind, and the defaults the code has. A setting added without
 * its row fails here. The example {@code config/application.yml} must use real settings only.
 */
class ConfigurationReferenceUnitTests {

    private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

    @Test
    void everySettingHasARowAndEveryRowIsASetting() {
        Map<String, JsonNode> settings = settings();
        List<Row> rows = rows();

        List<String> missing = settings.keySet().stream()
                .filter(name -> rows.stream().noneMatch(row -> row.documents(name, isMap(settings.get(name)))))
                .toList();
        assertThat(missing).as("privatelink.* settings without a row in the README's configuration table").isEmpty();

        List<String> unknown = rows.stream().map(Row::setting)
                .filter(setting -> known(setting, settings).isEmpty())
                .toList();
        assertThat(unknown).as("rows in the README's configuration table that no code binds").isEmpty();
    }

    @Test
    void everyEnvironmentVariableInTheTableBindsItsSetting() {
        Map<String, JsonNode> settings = settings();
        for (Row row : rows()) {
            String name = known(row.setting(), settings).orElseThrow();
            if (isMap(settings.get(name))) {
                assertThat(row.variable()).as(row.setting() + ": keyed by region or account, set in a file").startsWith("—");
                continue;
            }
            String variable = row.variable().replace("`", "");
            StandardEnvironment environment = new StandardEnvironment();
            environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("env", Map.of(variable, "probe-value")));
            assertThat(Binder.get(environment).bind(row.setting(), String.class).orElse(null))
                    .as(variable + " sets " + row.setting()).isEqualTo("probe-value");
        }
    }

    @Test
    void theTableShowsTheDefaultsTheCodeDeclares() {
        Map<String, JsonNode> settings = settings();
        for (Row row : rows()) {
            JsonNode metadata = settings.get(row.setting());
            if (metadata != null && metadata.has("defaultValue")) {
                assertThat(row.defaultValue()).as("default of " + row.setting())
                        .contains("`" + metadata.get("defaultValue").asString() + "`");
            }
        }
    }

    @Test
    void theExampleConfigurationUsesRealSettingsAndBinds() throws IOException {
        Map<String, JsonNode> settings = settings();
        List<PropertySource<?>> example = new YamlPropertySourceLoader()
                .load("example", new FileSystemResource("config/application.example.yml"));
        List<String> unknown = new ArrayList<>();
        for (PropertySource<?> source : example) {
            for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                String plain = name.replaceAll("\\[\\d+]$", "");
                if (plain.startsWith("privatelink.") && known(plain, settings).isEmpty()) {
                    unknown.add(name);
                }
            }
        }
        assertThat(unknown).as("settings in config/application.example.yml that no code binds").isEmpty();

        StandardEnvironment environment = new StandardEnvironment();
        example.forEach(environment.getPropertySources()::addFirst);
        Binder binder = Binder.get(environment);
        AwsCloudProperties aws = binder.bind("privatelink.clouds.aws", AwsCloudProperties.class).get();
        assertThat(aws.enabled()).isTrue();
        assertThat(aws.regions().get("us-west-2").endpointServiceIds()).containsExactly("vpce-svc-0123456789abcdef0");
        assertThat(aws.roleArn("111122223333")).contains("arn:aws:iam::111122223333:role/privatelink-control-plane");
        AzureCloudProperties azure = binder.bind("privatelink.clouds.azure", AzureCloudProperties.class).get();
        assertThat(azure.regions().get("westus3").privateLinkServiceIds()).hasSize(1);
    }

    /** The metadata's privatelink.* settings by name. */
    private static Map<String, JsonNode> settings() {
        JsonNode metadata = JsonMapper.builder().build().readTree(OperationsFiles.read(METADATA));
        Map<String, JsonNode> settings = new LinkedHashMap<>();
        for (JsonNode property : metadata.get("properties")) {
            String name = property.get("name").asString();
            if (name.startsWith("privatelink.")) {
                settings.put(name, property);
            }
        }
        assertThat(settings).as("the build generates configuration metadata").isNotEmpty();
        return settings;
    }

    private static boolean isMap(JsonNode setting) {
        return setting != null && setting.get("type").asString().startsWith("java.util.Map");
    }

    /** The setting a documented name stands for: itself, or the map setting it is an entry of. */
    private static Optional<String> known(String documented, Map<String, JsonNode> settings) {
        if (settings.containsKey(documented)) {
            return Optional.of(documented);
        }
        return settings.keySet().stream()
                .filter(name -> isMap(settings.get(name)) && documented.startsWith(name + "."))
                .findFirst();
    }

    private record Row(String setting, String variable, String defaultValue) {
        boolean documents(String name, boolean map) {
            return setting.equals(name) || (map && setting.startsWith(name + "."));
        }
    }

    /** The rows of the README's table of privatelink.* settings (in its Configuration section: other tables name event types). */
    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String readme = OperationsFiles.read(Path.of("README.md"));
        int section = readme.indexOf("\n## Configuration\n");
        assertThat(section).as("the README has a Configuration section").isNotNegative();
        String configuration = readme.substring(section + 1);
        int next = configuration.indexOf("\n## ");
        for (String line : (next < 0 ? configuration : configuration.substring(0, next)).lines().toList()) {
            if (line.startsWith("| `privatelink.")) {
                String[] cells = line.substring(1).split(" \\| ");
                rows.add(new Row(cells[0].strip().replace("`", ""), cells[1].strip(), cells[2].strip()));
            }
        }
        assertThat(rows).as("the README has the configuration table").hasSizeGreaterThan(20);
        return rows;
    }
}
