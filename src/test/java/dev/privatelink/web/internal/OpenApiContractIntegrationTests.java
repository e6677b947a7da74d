package dev.privatelink.web.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed contract ({@code openapi/openapi.yaml}) and the running service's description must
 * agree: paths, operations and schemas. After an intended API change, regenerate the file with
 * {@code ./mvnw test -Dtest=OpenApiContractIntegrationTests -Dopenapi.update=true} and review the diff.
 */
@IntegrationTest
class OpenApiContractIntegrationTests {

    static final Path CONTRACT = Path.of("openapi/openapi.yaml");

    @Autowired
    TestApi api;

    @Test
    void theRunningServiceMatchesTheCommittedContract() throws IOException {
        Map<String, Object> running = withoutServers(new Yaml().load(api.anonymous().get("/v3/api-docs.yaml").expectStatus(200).body()));
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(CONTRACT, dump(running));
        }
        Map<String, Object> committed = new Yaml().load(Files.readString(CONTRACT));

        assertThat(committed).as("openapi/openapi.yaml is not a YAML document").isNotNull();
        assertThat(committed.get("paths")).as("paths and operations differ from openapi/openapi.yaml; see this test's Javadoc")
                .isEqualTo(running.get("paths"));
        assertThat(committed.get("components")).as("schemas differ from openapi/openapi.yaml; see this test's Javadoc")
                .isEqualTo(running.get("components"));
        assertThat(committed.get("info")).isEqualTo(running.get("info"));
    }

    @Test
    void swaggerUiIsServedWithoutCredentials() {
        assertThat(api.anonymous().get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(api.anonymous().get("/v3/api-docs").expectStatus(200).json().at("/components/securitySchemes/apiKey/scheme").asString())
                .isEqualTo("basic");
    }

    private static Map<String, Object> withoutServers(Map<String, Object> document) {
        document.remove("servers"); // names the random test port
        return document;
    }

    private static String dump(Map<String, Object> document) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        return new Yaml(options).dump(document);
    }
}
