package dev.privatelink.web.internal;

import java.util.stream.Collectors;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Says, in a sentence a caller can act on, why a request body could not be read. */
final class JsonErrors {

    private JsonErrors() {
    }

    static String describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "field '" + path(unknown) + "' is not accepted here"
                    + (unknown.getKnownPropertyIds() == null || unknown.getKnownPropertyIds().isEmpty() ? ""
                    : "; accepted fields: " + unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ")));
        }
        if (cause instanceof StorableJson.RefusedValue refused) {
            return "field '" + path(refused) + "' " + refused.reason();
        }
        if (cause instanceof InvalidFormatException invalid) {
            return "field '" + path(invalid) + "' has an invalid value '" + invalid.getValue() + "'"
                    + (invalid.getTargetType() != null && invalid.getTargetType().isEnum()
                    ? "; expected one of " + java.util.Arrays.toString(invalid.getTargetType().getEnumConstants()) : "");
        }
        if (cause instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            return "field '" + path(mismatched) + "' has the wrong type"
                    + (mismatched.getTargetType() != null ? "; expected " + simpleType(mismatched.getTargetType()) : "");
        }
        if (cause instanceof DatabindException databind && databind.getCause() instanceof IllegalArgumentException invalid
                && invalid.getMessage() != null) {
            return invalid.getMessage();
        }
        if (cause instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
            return invalid.getMessage();
        }
        if (cause instanceof StreamReadException) {
            return "request body is not valid JSON: " + ((JacksonException) cause).getOriginalMessage();
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            return "a JSON request body is required";
        }
        return "request body could not be read as JSON of the expected shape";
    }

    private static String path(DatabindException e) {
        return e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String simpleType(Class<?> type) {
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return "an object";
    }
}
