package dev.privatelink.web.internal;

import java.time.Instant;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Every JSON request body is read so that what it holds can be stored: in one place for every field of
 * every body, a string with a NUL character (PostgreSQL's text cannot hold one) and a time outside the
 * years 1 to 9999 (beyond what the database and {@code java.sql.Timestamp} represent) answer 400 naming
 * the field, instead of failing as a 500 when the row is written.
 */
@Configuration(proxyBeanMethods = false)
class StorableJson {

    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    @Bean
    JsonMapperBuilderCustomizer storableValues() {
        SimpleModule module = new SimpleModule("storable-values")
                .addDeserializer(String.class, new NulFreeString())
                .addDeserializer(Instant.class, new StorableInstant());
        return builder -> builder.addModule(module);
    }

    /** A value the body's syntax allows but the API does not store, with the reason that follows the field's name. */
    static final class RefusedValue extends InvalidFormatException {

        private final String reason;

        RefusedValue(JsonParser parser, String reason, Object value, Class<?> type) {
            super(parser, reason, value, type);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private static final class NulFreeString extends StdScalarDeserializer<String> {

        NulFreeString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && value.indexOf('\0') >= 0) {
                throw new RefusedValue(parser, "must not contain the NUL character (\\u0000)", value, String.class);
            }
            return value;
        }
    }

    private static final class StorableInstant extends StdScalarDeserializer<Instant> {

        StorableInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            Instant value = InstantDeserializer.INSTANT.deserialize(parser, context);
            if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
                throw new RefusedValue(parser, "must be a time between " + EARLIEST + " and 9999-12-31T23:59:59Z, got "
                        + value, value, Instant.class);
            }
            return value;
        }
    }
}
