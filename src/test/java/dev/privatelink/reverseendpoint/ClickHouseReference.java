package dev.privatelink.reverseendpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

/**
 * ClickHouse Cloud's published API document (OpenAPI 3.1, a copy in the test resources) as JSON
 * Schema 2020-12: the response schema of an operation and status, formats (uuid) asserted.
 */
final class ClickHouseReference {

    private static final String BASE = "https://clickhouse.invalid/clickhouse-cloud-openapi.json";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemas(Map.of(BASE, document()))
                    .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    private ClickHouseReference() {
    }

    /** The schema of the JSON body the reference gives {@code method path} for {@code status}. */
    static Schema response(String path, String method, int status) {
        String pointer = "/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method + "/responses/" + status
                + "/content/application~1json/schema";
        return REGISTRY.getSchema(SchemaLocation.of(BASE + "#" + pointer.replace("{", "%7B").replace("}", "%7D")));
    }

    /** What is wrong with {@code json} under {@code schema}, one line per error; empty when valid. */
    static List<String> errors(Schema schema, String json) {
        return schema.validate(json, InputFormat.JSON).stream().map(ClickHouseReference::describe).toList();
    }

    private static String describe(Error e) {
        return e.getInstanceLocation() + " " + e.getKeyword() + ": " + e.getMessage();
    }

    private static String document() {
        try (InputStream in = ClickHouseReference.class.getResourceAsStream("/reference/clickhouse-cloud-openapi.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
