package dev.privatelink.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;

/**
 * The OpenAPI description behind Swagger UI and {@code openapi/openapi.yaml}: HTTP Basic with API key
 * id and secret on every operation; tags in the order an administrator works (organizations,
 * services, private endpoints, reverse private endpoints, keys, then the operator's tags, the sandbox
 * last); every error status an operation can answer, as problem details; and the examples of
 * {@code openapi/examples/{operationId}.json} ({@code request}, and {@code result} of the 200 answer).
 */
@Configuration
class OpenApiConfiguration {

    static final String SCHEME = "apiKey";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String EXAMPLES = "openapi/examples/";
    private static final List<String> CUSTOMER_TAGS = List.of(
            "Organizations", "Services", "Private endpoints", "Reverse private endpoints", "API keys");

    @Bean
    OpenAPI privateLinkApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("PrivateLink control plane")
                        .version("v1")
                        .description("""
                                AWS PrivateLink and Azure Private Link for the platform's services, in both directions.
                                Authenticate with an API key: key id as user name, key secret as password (HTTP Basic).
                                The operations ClickHouse Cloud's API has too follow its schemas (ours add fields, never
                                remove or re-type theirs); each operation's description names the ClickHouse operation.
                                Every success answers 200 with {"status", "requestId", "result"}; errors are RFC 9457
                                problem details that carry ClickHouse's "error" and "requestId" too. Lists come back
                                whole (up to 1000 items) unless pageSize asks for pages."""))
                .components(new Components().addSecuritySchemes(SCHEME, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("basic")
                        .description("API key id as user name, key secret as password")))
                .addSecurityItem(new SecurityRequirement().addList(SCHEME));
    }

    @Bean
    GlobalOpenApiCustomizer conventions() {
        return openApi -> {
            Map<String, Schema> problem = ModelConverters.getInstance(true).readAll(Problem.class);
            problem.forEach(openApi.getComponents()::addSchemas);
            for (ErrorResponse error : ErrorResponse.values()) {
                openApi.getComponents().addResponses(error.component, error.response());
            }
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PATCH) {
                    operation.addParametersItem(idempotencyKey());
                }
                errorResponses(path, method, operation);
                examples(operation);
            }));
            openApi.setPaths(inTagOrder(openApi.getPaths()));
            openApi.setTags(tags(openApi));
        };
    }

    private static Parameter idempotencyKey() {
        return new Parameter().in("header").name(IDEMPOTENCY_KEY).required(false)
                .description("Repeating the request with the same key and body replays the first answer instead of "
                        + "changing anything again (kept 24 h); the same key with another body answers 422.")
                .schema(stringSchema());
    }

    /** Every error status the operation can answer, derived from what it takes and who may call it. */
    private static void errorResponses(String path, PathItem.HttpMethod method, Operation operation) {
        boolean read = method == PathItem.HttpMethod.GET;
        boolean body = operation.getRequestBody() != null;
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean anyKey = path.startsWith("/v1/sandbox/aws/") || path.startsWith("/v1/sandbox/azure/");
        boolean operatorOnly = path.startsWith("/v1/operator/") || path.equals("/v1/sandbox/ledger")
                || path.equals("/v1/sandbox/faults");
        List<ErrorResponse> errors = new ArrayList<>();
        if (body || parameters.stream().anyMatch(p -> !"header".equals(p.getIn()))) {
            errors.add(ErrorResponse.BAD_REQUEST);
        }
        errors.add(ErrorResponse.UNAUTHORIZED);
        errors.add(ErrorResponse.TOO_MANY_FAILED_AUTHENTICATIONS);
        if (operatorOnly) {
            errors.add(ErrorResponse.NOT_OPERATOR);
        } else if (!read && !anyKey) {
            errors.add(ErrorResponse.FORBIDDEN);
        }
        if (path.contains("{") || path.startsWith("/v1/sandbox/")) { // the sandbox's routes are absent when it is off
            errors.add(ErrorResponse.NOT_FOUND);
        }
        if (!read) {
            errors.add(ErrorResponse.CONFLICT);
        }
        if (parameters.stream().anyMatch(p -> "If-Match".equalsIgnoreCase(p.getName()))) {
            errors.add(ErrorResponse.PRECONDITION_FAILED);
        }
        if (body) {
            errors.add(ErrorResponse.CONTENT_TOO_LARGE);
            errors.add(ErrorResponse.UNSUPPORTED_MEDIA_TYPE);
        }
        if (parameters.stream().anyMatch(p -> IDEMPOTENCY_KEY.equals(p.getName()))) {
            errors.add(ErrorResponse.IDEMPOTENCY_KEY_REUSED);
        }
        errors.add(ErrorResponse.INTERNAL_ERROR);
        errors.add(ErrorResponse.DATABASE_UNAVAILABLE);
        if (parameters.stream().anyMatch(p -> "If-None-Match".equalsIgnoreCase(p.getName()))) {
            operation.getResponses().addApiResponse("304", new ApiResponse()
                    .description("Not modified since the ETag sent with If-None-Match; no body"));
        }
        errors.forEach(error -> operation.getResponses().addApiResponse(String.valueOf(error.status.value()),
                new ApiResponse().$ref("#/components/responses/" + error.component)));
    }

    /** The error answers, each a reusable response of the description with an example problem. */
    enum ErrorResponse {
        BAD_REQUEST("BadRequest", HttpStatus.BAD_REQUEST,
                "Bad request: the message names the field or parameter and what is expected",
                "field 'tier' has an invalid value 'GOLD'; expected one of [production, development] (any case)"),
        UNAUTHORIZED("Unauthorized", HttpStatus.UNAUTHORIZED, "No API key, or a wrong, disabled or expired one",
                "authentication required: send your API key id and secret with HTTP Basic"),
        FORBIDDEN("Forbidden", HttpStatus.FORBIDDEN,
                "The key's role may not do this (DEVELOPER keys are read-only; OPERATOR keys do not change customer "
                        + "resources), or the organization's plan does not include it",
                "DEVELOPER keys are read-only; use an ADMIN key to make changes"),
        NOT_OPERATOR("NotOperator", HttpStatus.FORBIDDEN, "Not an OPERATOR key", "this endpoint needs an OPERATOR key"),
        NOT_FOUND("NotFound", HttpStatus.NOT_FOUND,
                "Not found, or not visible to this key (another organization's objects look absent)",
                "service '8f3c2a9e-6b1d-4e8f-a2c5-9d7e3b1f4a60' not found"),
        CONFLICT("Conflict", HttpStatus.CONFLICT,
                "Conflicts with the current state or with a concurrent request; the message says what to do",
                "a service named 'analytics' already exists in this organization"),
        PRECONDITION_FAILED("PreconditionFailed", HttpStatus.PRECONDITION_FAILED,
                "Changed since the ETag sent with If-Match; read it again and retry",
                "service '8f3c2a9e-6b1d-4e8f-a2c5-9d7e3b1f4a60' has changed since you read it (now ETag \"4\", "
                        + "If-Match was \"3\"); read it again and retry"),
        CONTENT_TOO_LARGE("ContentTooLarge", HttpStatus.CONTENT_TOO_LARGE, "Request body over 1 MiB", RequestBodyLimit.MESSAGE),
        UNSUPPORTED_MEDIA_TYPE("UnsupportedMediaType", HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Request body is not application/json", "Content-Type 'text/plain' is not supported."),
        IDEMPOTENCY_KEY_REUSED("IdempotencyKeyReused", HttpStatus.UNPROCESSABLE_CONTENT,
                "The Idempotency-Key was used before with another request body",
                "Idempotency-Key 'b3c1…' was already used for a different request; use a new key for a new request"),
        INTERNAL_ERROR("InternalError", HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error; quote the requestId",
                "an unexpected error occurred; quote requestId 6d0f5a1e-3c2b-4a7d-9e8f-1a2b3c4d5e6f to support"),
        TOO_MANY_FAILED_AUTHENTICATIONS("TooManyFailedAuthentications", HttpStatus.TOO_MANY_REQUESTS,
                "Too many failed authentications for this key id or from this address; retry after Retry-After seconds "
                        + "(an address where the key has authenticated keeps working)",
                "too many failed authentications for this key id; retry after 6 s"),
        DATABASE_UNAVAILABLE("DatabaseUnavailable", HttpStatus.SERVICE_UNAVAILABLE,
                "The database is unavailable; nothing was changed; retry after Retry-After seconds (with the same "
                        + "Idempotency-Key for changes)", dev.privatelink.database.DatabaseAvailability.REFUSAL);

        private final String component;
        private final HttpStatus status;
        private final String description;
        private final String detail;

        ErrorResponse(String component, HttpStatus status, String description, String detail) {
            this.component = component;
            this.status = status;
            this.description = description;
            this.detail = detail;
        }

        ApiResponse response() {
            ObjectNode example = Json31.mapper().createObjectNode();
            example.put("type", "urn:privatelink:problem:" + status.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            example.put("title", status.getReasonPhrase());
            example.put("status", status.value());
            example.put("detail", detail);
            example.put("instance", "/v1/organizations/0b5e7a9e-2c4d-4f6a-8b1c-3d5e7f9a1b2c/services/"
                    + "8f3c2a9e-6b1d-4e8f-a2c5-9d7e3b1f4a60");
            example.put("error", status.name() + ": " + detail);
            example.put("requestId", "6d0f5a1e-3c2b-4a7d-9e8f-1a2b3c4d5e6f");
            ApiResponse response = new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")).example(example)));
            if (status == HttpStatus.TOO_MANY_REQUESTS || status == HttpStatus.SERVICE_UNAVAILABLE) {
                response.addHeaderObject("Retry-After", new io.swagger.v3.oas.models.headers.Header()
                        .description("Seconds to wait before retrying").schema(integerSchema()));
            }
            return response;
        }
    }

    /** The request example and the 200 answer's {@code result} example of {@code openapi/examples/{operationId}.json}. */
    private static void examples(Operation operation) {
        ClassPathResource resource = new ClassPathResource(EXAMPLES + operation.getOperationId() + ".json");
        if (!resource.exists()) {
            return;
        }
        JsonNode examples;
        try (InputStream in = resource.getInputStream()) {
            examples = Json31.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + resource.getPath(), e);
        }
        if (examples.has("request") && operation.getRequestBody() != null) {
            operation.getRequestBody().getContent().values().forEach(media -> media.setExample(examples.get("request")));
        }
        ApiResponse ok = operation.getResponses().get("200");
        if (examples.has("result") && ok != null && ok.getContent() != null) {
            ObjectNode envelope = Json31.mapper().createObjectNode();
            envelope.put("status", 200);
            envelope.put("requestId", "6d0f5a1e-3c2b-4a7d-9e8f-1a2b3c4d5e6f");
            if (!examples.get("result").isNull()) { // a DELETE answers {status, requestId} alone
                envelope.set("result", examples.get("result"));
            }
            // the envelope illustrates the JSON answer only (an operation may also answer text/plain)
            ok.getContent().forEach((type, media) -> {
                if (type.contains("json")) {
                    media.setExample(envelope);
                }
            });
        }
    }

    private static Paths inTagOrder(Paths paths) {
        List<Map.Entry<String, PathItem>> entries = new ArrayList<>(paths.entrySet());
        entries.sort(Comparator.comparingInt((Map.Entry<String, PathItem> e) -> rank(firstTag(e.getValue())))
                .thenComparing(e -> firstTag(e.getValue())).thenComparing(Map.Entry::getKey));
        Paths sorted = new Paths();
        entries.forEach(e -> sorted.addPathItem(e.getKey(), e.getValue()));
        sorted.setExtensions(paths.getExtensions());
        return sorted;
    }

    private static String firstTag(PathItem item) {
        return item.readOperations().stream().filter(o -> o.getTags() != null && !o.getTags().isEmpty())
                .map(o -> o.getTags().getFirst()).findFirst().orElse("");
    }

    private static List<Tag> tags(OpenAPI openApi) {
        Map<String, Tag> byName = new LinkedHashMap<>();
        if (openApi.getTags() != null) {
            openApi.getTags().forEach(tag -> byName.put(tag.getName(), tag));
        }
        Set<String> names = new LinkedHashSet<>(byName.keySet());
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(o -> {
            if (o.getTags() != null) {
                names.addAll(o.getTags());
            }
        }));
        return names.stream().sorted(Comparator.comparingInt(OpenApiConfiguration::rank).thenComparing(n -> n))
                .map(name -> byName.getOrDefault(name, new Tag().name(name))).toList();
    }

    /** Customer tags in their order, then any other, then the operator's, the sandbox's last. */
    static int rank(String tag) {
        int customer = CUSTOMER_TAGS.indexOf(tag);
        if (customer >= 0) {
            return customer;
        }
        if (tag.startsWith("Sandbox")) {
            return 300;
        }
        return tag.startsWith("Operator") ? 200 : 100;
    }

    private static Schema<Integer> integerSchema() {
        Schema<Integer> schema = new Schema<>();
        schema.setTypes(Set.of("integer"));
        schema.setType("integer");
        return schema;
    }

    private static Schema<String> stringSchema() {
        Schema<String> schema = new Schema<>();
        schema.setTypes(Set.of("string"));
        schema.setType("string");
        return schema;
    }

    /** The body of every error: RFC 9457 problem details plus ClickHouse Cloud's {@code error} and {@code requestId}. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "Problem", description = """
            RFC 9457 problem details, with ClickHouse Cloud's error ("<STATUS_NAME>: <detail>") and requestId.""")
    record Problem(
            @io.swagger.v3.oas.annotations.media.Schema(example = "urn:privatelink:problem:bad-request") String type,
            @io.swagger.v3.oas.annotations.media.Schema(example = "Bad Request") String title,
            @io.swagger.v3.oas.annotations.media.Schema(example = "400") int status,
            @io.swagger.v3.oas.annotations.media.Schema(description = "What is wrong and what to send instead") String detail,
            @io.swagger.v3.oas.annotations.media.Schema(description = "The request's path") String instance,
            @io.swagger.v3.oas.annotations.media.Schema(example = "BAD_REQUEST: region 'us-west-9' is not an AWS region")
            String error,
            @io.swagger.v3.oas.annotations.media.Schema(description = "The request's id, also in X-Request-Id") String requestId) {
    }
}
