package dev.privatelink.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * ClickHouse Cloud's published API document ({@code src/test/resources/clickhouse}) as a contract: its
 * operations by operationId, a JSON Schema 2020-12 validator for their request and response schemas
 * (OpenAPI 3.1 schemas are JSON Schema; formats such as uuid and date-time are asserted), and request
 * bodies built from its schemas.
 */
final class ReferenceDocument {

    static final String RESOURCE = "clickhouse/clickhouse-cloud-openapi.json";
    private static final String BASE = "https://reference.invalid/clickhouse-cloud-openapi.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final SchemaRegistry closedRegistry;

    private ReferenceDocument(JsonNode document) {
        this.document = document;
        // each operation's request and response schemas are added beside the components (their $refs then resolve
        // in the same document), under names that cannot clash with the reference's own
        ObjectNode withOperations = (ObjectNode) document.deepCopy();
        ObjectNode schemas = (ObjectNode) withOperations.get("components").get("schemas");
        forEachOperation(document, (method, path, operation) -> {
            String id = operation.get("operationId").asString();
            JsonNode request = operation.at("/requestBody/content/application~1json/schema");
            if (!request.isMissingNode()) {
                schemas.set(requestName(id), request);
            }
            operation.get("responses").properties().forEach(response -> {
                JsonNode schema = response.getValue().at("/content/application~1json/schema");
                if (!schema.isMissingNode()) {
                    schemas.set(responseName(id, response.getKey()), schema);
                }
            });
        });
        this.registry = registry(withOperations);
        ObjectNode closed = (ObjectNode) withOperations.deepCopy();
        close(closed);
        this.closedRegistry = registry(closed);
    }

    private static SchemaRegistry registry(JsonNode document) {
        return SchemaRegistry.withDialect(Dialects.getOpenApi31(), builder -> builder
                .schemas(Map.of(BASE, JSON.writeValueAsString(document)))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    /**
     * Makes every object schema with properties closed ({@code additionalProperties: false}): an answer
     * then shows each property it adds to the reference's as an error, which the caller tolerates only
     * for the extensions it declares. (The reference's schemas are open: without this, an answer of
     * another shape with a few matching names would pass.)
     */
    private static void close(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties") && object.get("properties").isObject()) {
                object.put("additionalProperties", false);
            }
            object.properties().forEach(p -> close(p.getValue()));
        } else if (node instanceof ArrayNode array) {
            array.forEach(ReferenceDocument::close);
        }
    }

    static ReferenceDocument load() {
        try (InputStream in = ReferenceDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path");
            }
            return new ReferenceDocument(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One operation of the reference: its method, path template and definition. */
    record Operation(String method, String path, JsonNode definition) {
        String operationId() {
            return definition.get("operationId").asString();
        }
    }

    Operation operation(String operationId) {
        List<Operation> found = new ArrayList<>();
        forEachOperation(document, (method, path, operation) -> {
            if (operation.get("operationId").asString().equals(operationId)) {
                found.add(new Operation(method, path, operation));
            }
        });
        if (found.size() != 1) {
            throw new IllegalArgumentException("the reference has " + found.size() + " operations with id " + operationId);
        }
        return found.getFirst();
    }

    JsonNode schema(String name) {
        JsonNode schema = document.get("components").get("schemas").get(name);
        if (schema == null) {
            throw new IllegalArgumentException("the reference has no schema " + name);
        }
        return schema;
    }

    /** The errors of a request body under the operation's request schema. */
    List<Error> validateRequest(String operationId, JsonNode body) {
        return validator(requestName(operationId)).validate(body);
    }

    /**
     * The errors of a response body under the operation's response schema for that status, with every
     * object schema closed (see {@link #close}); none declared: null.
     */
    List<Error> validateResponse(String operationId, int status, JsonNode body) {
        return hasResponseSchema(operationId, status) ? closedRegistry.getSchema(SchemaLocation.of(
                BASE + "#/components/schemas/" + responseName(operationId, String.valueOf(status)))).validate(body) : null;
    }

    /** The component schema an error was found in: its name, or for an operation's own response schema "response". */
    static String schemaOf(Error error) {
        String location = error.getSchemaLocation().toString();
        int start = location.indexOf("/components/schemas/");
        if (start < 0) {
            return "";
        }
        String rest = location.substring(start + "/components/schemas/".length());
        String name = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        return name.startsWith("contract-response-") ? "response" : name;
    }

    boolean hasResponseSchema(String operationId, int status) {
        return !operation(operationId).definition()
                .at("/responses/" + status + "/content/application~1json/schema").isMissingNode();
    }

    private Schema validator(String name) {
        return registry.getSchema(SchemaLocation.of(BASE + "#/components/schemas/" + name));
    }

    /**
     * A request body with every property of the operation's request schema, each from the reference:
     * its example, else the first value of its enum, else a value of its type and format within its bounds.
     */
    ObjectNode everyField(String operationId) {
        JsonNode schema = operation(operationId).definition().at("/requestBody/content/application~1json/schema");
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException(operationId + " takes no request body");
        }
        return (ObjectNode) sample(schema, 0);
    }

    /** The names of the properties of the operation's request schema. */
    List<String> requestProperties(String operationId) {
        JsonNode schema = resolve(operation(operationId).definition().at("/requestBody/content/application~1json/schema"));
        List<String> names = new ArrayList<>();
        schema.get("properties").propertyNames().forEach(names::add);
        return names;
    }

    /** The example the reference gives for a parameter of the operation, if any. */
    JsonNode parameterExample(String operationId, String parameter) {
        for (JsonNode p : operation(operationId).definition().path("parameters")) {
            if (p.get("name").asString().equals(parameter) && p.has("example")) {
                return p.get("example");
            }
        }
        throw new IllegalArgumentException(operationId + " has no example for parameter " + parameter);
    }

    /**
     * The component schemas the operations' request and response bodies use, directly or nested, not
     * following the properties {@code skipped} names (schema name → its properties).
     */
    java.util.Set<String> schemasOf(List<String> operationIds, Map<String, java.util.Set<String>> skipped) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (String operationId : operationIds) {
            JsonNode operation = operation(operationId).definition();
            collectSchemas(operation.path("requestBody"), names, skipped);
            collectSchemas(operation.at("/responses/200"), names, skipped);
        }
        return names;
    }

    private void collectSchemas(JsonNode node, java.util.Set<String> names, Map<String, java.util.Set<String>> skipped) {
        if (node.has("$ref")) {
            String name = node.get("$ref").asString().substring("#/components/schemas/".length());
            if (names.add(name)) {
                schema(name).path("properties").properties().stream()
                        .filter(p -> !skipped.getOrDefault(name, java.util.Set.of()).contains(p.getKey()))
                        .forEach(p -> collectSchemas(p.getValue(), names, skipped));
            }
            return;
        }
        node.forEach(child -> collectSchemas(child, names, skipped));
    }

    /** Whether the schema lists the property as required. */
    boolean isRequired(String schema, String property) {
        for (JsonNode required : schema(schema).path("required")) {
            if (required.asString().equals(property)) {
                return true;
            }
        }
        return false;
    }

    private JsonNode sample(JsonNode schema, int depth) {
        if (depth > 10) {
            throw new IllegalStateException("the reference's request schemas nest deeper than expected");
        }
        JsonNode resolved = resolve(schema);
        if (resolved.has("example")) {
            return resolved.get("example").deepCopy();
        }
        if (resolved.has("enum")) {
            return resolved.get("enum").get(0).deepCopy();
        }
        String type = type(resolved);
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                resolved.path("properties").properties().forEach(p -> object.set(p.getKey(), sample(p.getValue(), depth + 1)));
                yield object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int items = Math.max(1, resolved.path("minItems").asInt(1));
                for (int i = 0; i < items; i++) {
                    array.add(sample(resolved.get("items"), depth + 1));
                }
                yield array;
            }
            case "boolean" -> NODES.booleanNode(true);
            case "integer" -> NODES.numberNode(resolved.path("minimum").asLong(1));
            case "number" -> NODES.numberNode(number(resolved));
            case "string" -> NODES.stringNode(switch (resolved.path("format").asString("")) {
                case "uuid" -> UUID.randomUUID().toString();
                case "date-time" -> OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).truncatedTo(ChronoUnit.SECONDS).toString();
                default -> "example";
            });
            default -> throw new IllegalStateException("no sample for a schema of type " + type + ": " + resolved);
        };
    }

    private static long number(JsonNode schema) {
        long minimum = schema.path("minimum").asLong(1);
        long multipleOf = schema.path("multipleOf").asLong(1);
        return (minimum + multipleOf - 1) / multipleOf * multipleOf;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return schema.has("properties") ? "object" : "string";
        }
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asString().equals("null")) {
                    return t.asString();
                }
            }
        }
        return type.asString();
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        while (current.has("$ref")) {
            current = document.at(current.get("$ref").asString().substring(1));
        }
        return current;
    }

    private static String requestName(String operationId) {
        return "contract-request-" + operationId;
    }

    private static String responseName(String operationId, String status) {
        return "contract-response-" + operationId + "-" + status;
    }

    private interface OperationVisitor {
        void visit(String method, String path, JsonNode operation);
    }

    private static void forEachOperation(JsonNode document, OperationVisitor visitor) {
        document.get("paths").properties().forEach(path -> {
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().properties().iterator();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (method.getValue().has("operationId")) {
                    visitor.visit(method.getKey().toUpperCase(), path.getKey(), method.getValue());
                }
            }
        });
    }
}
