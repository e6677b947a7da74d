package dev.privatelink.service;

import java.util.List;

import jakarta.persistence.AttributeConverter;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/** A list of small records kept as a JSON array in one {@code jsonb} column (the column's SQL casts the text). */
abstract class JsonListColumn<T> implements AttributeConverter<List<T>, String> {

    // stored rows outlive the record's shape: a field no longer known is skipped, not an error
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final JavaType type;

    JsonListColumn(Class<T> element) {
        this.type = JSON.getTypeFactory().constructCollectionType(List.class, element);
    }

    @Override
    public String convertToDatabaseColumn(List<T> items) {
        return JSON.writeValueAsString(items == null ? List.of() : items);
    }

    @Override
    public List<T> convertToEntityAttribute(String json) {
        return json == null ? List.of() : List.copyOf(JSON.<List<T>>readValue(json, type));
    }

    static final class IpAccessEntries extends JsonListColumn<IpAccessEntry> {
        IpAccessEntries() {
            super(IpAccessEntry.class);
        }
    }

    static final class Tags extends JsonListColumn<ServiceTag> {
        Tags() {
            super(ServiceTag.class);
        }
    }
}
