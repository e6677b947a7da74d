package dev.privatelink.web.internal;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import dev.privatelink.support.IntegrationTest;
import dev.privatelink.support.TestApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our own API description ({@code /v3/api-docs}, committed as {@code openapi/openapi.yaml}) says what
 * the API does: every operation named on purpose, one schema per type, every error an operation can
 * answer described as problem details, and examples that are valid under the schemas they illustrate.
 */
@IntegrationTest
class ApiDescriptionIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    TestApi api;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    @Test
    void everyOperationIsNamedOnPurpose() {
        List<String> unnamed = apiHandlers().stream()
                .filter(h -> !h.hasMethodAnnotation(Operation.class) || h.getMethodAnnotation(Operation.class).operationId().isBlank())
                .map(HandlerMethod::toString).toList();

        assertThat(unnamed).as("handlers without @Operation(operationId = …)").isEmpty();
    }

    @Test
    void noTwoTypesShareASchemaName() {
        Map<String, Set<Class<?>>> byName = new HashMap<>();
        Set<Class<?>> seen = new HashSet<>();
        for (HandlerMethod handler : apiHandlers()) {
            collect(handler.getReturnType().getGenericParameterType(), seen);
            for (MethodParameter parameter : handler.getMethodParameters()) {
                if (parameter.hasParameterAnnotation(RequestBody.class)) {
                    collect(parameter.getGenericParameterType(), seen);
                }
            }
        }
        seen.forEach(type -> byName.computeIfAbsent(schemaName(type), n -> new HashSet<>()).add(type));

        assertThat(byName).allSatisfy((name, types) -> assertThat(types).as("types named " + name).hasSize(1));
        assertThat(byName).containsKeys("Service", "ServicePostRequest", "OrganizationPrivateEndpoint",
                "ServicePrivateEndpointPostRequest", "SandboxPrivateEndpointPostRequest");
    }

    @Test
    void everyErrorAnOperationCanAnswerIsDescribedAsProblemDetails() {
        JsonNode document = document();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            JsonNode responses = operation.getValue().get("responses");
            assertThat(responses.propertyNames()).as(operation.getKey() + " " + path.getKey()).contains("200", "401", "500");
            responses.properties().stream().filter(r -> r.getKey().matches("[45]\\d\\d")).forEach(response -> {
                JsonNode resolved = resolve(document, response.getValue());
                assertThat(resolved.at("/content/application~1problem+json/schema/$ref").asString())
                        .as(operation.getKey() + " " + path.getKey() + " " + response.getKey())
                        .isEqualTo("#/components/schemas/Problem");
            });
        }));
    }

    @Test
    void everyOperationHasExamplesValidUnderItsOwnSchemas() {
        JsonNode document = document();
        ObjectNode checked = (ObjectNode) document.deepCopy();
        ObjectNode schemas = (ObjectNode) checked.get("components").get("schemas");
        Map<String, JsonNode> examples = new HashMap<>();
        List<String> missing = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String id = operation.getValue().get("operationId").asString();
            JsonNode ok = operation.getValue().at("/responses/200/content/application~1json");
            JsonNode request = operation.getValue().at("/requestBody/content/application~1json");
            if (!ok.has("example")) {
                missing.add(id + " answer");
            } else {
                schemas.set("example-" + id + "-answer", ok.get("schema"));
                examples.put("example-" + id + "-answer", ok.get("example"));
            }
            if (!request.isMissingNode() && !request.has("example")) {
                missing.add(id + " request");
            } else if (!request.isMissingNode()) {
                schemas.set("example-" + id + "-request", request.get("schema"));
                examples.put("example-" + id + "-request", request.get("example"));
            }
        }));
        assertThat(missing).as("examples missing (src/main/resources/openapi/examples/{operationId}.json)").isEmpty();

        String base = "https://privatelink.invalid/openapi.json";
        SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(), builder -> builder
                .schemas(Map.of(base, JSON.writeValueAsString(checked)))
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
        examples.forEach((name, example) -> assertThat(registry.getSchema(SchemaLocation.of(base + "#/components/schemas/" + name))
                .validate(JSON.writeValueAsString(example), InputFormat.JSON)).as(name).isEmpty());
    }

    private JsonNode document() {
        return api.anonymous().get("/v3/api-docs").expectStatus(200).json();
    }

    private static JsonNode resolve(JsonNode document, JsonNode node) {
        return node.has("$ref") ? document.at(node.get("$ref").asString().substring(1)) : node;
    }

    private List<HandlerMethod> apiHandlers() {
        return handlers.getHandlerMethods().values().stream()
                .filter(h -> h.getBeanType().getPackageName().startsWith("dev.privatelink"))
                .filter(h -> !h.getBeanType().isAnnotationPresent(io.swagger.v3.oas.annotations.Hidden.class))
                .toList();
    }

    /** The records reachable from a type, as springdoc turns each into a schema. */
    private static void collect(Type type, Set<Class<?>> seen) {
        if (type instanceof ParameterizedType parameterized) {
            collect(parameterized.getRawType(), seen);
            for (Type argument : parameterized.getActualTypeArguments()) {
                collect(argument, seen);
            }
        } else if (type instanceof Class<?> raw && raw.isRecord() && raw.getPackageName().startsWith("dev.privatelink")
                && seen.add(raw)) {
            for (RecordComponent component : raw.getRecordComponents()) {
                collect(component.getGenericType(), seen);
            }
        }
    }

    private static String schemaName(Class<?> type) {
        Schema schema = type.getAnnotation(Schema.class);
        return schema != null && !schema.name().isBlank() ? schema.name() : type.getSimpleName();
    }
}
