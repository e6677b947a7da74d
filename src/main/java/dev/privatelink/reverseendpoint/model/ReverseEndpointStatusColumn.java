package dev.privatelink.reverseendpoint.model;

import dev.privatelink.reverseendpoint.ReverseEndpointStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a status by its wire name, as the API shows it. */
@Converter(autoApply = true)
class ReverseEndpointStatusColumn implements AttributeConverter<ReverseEndpointStatus, String> {

    @Override
    public String convertToDatabaseColumn(ReverseEndpointStatus status) {
        return status == null ? null : status.wireName();
    }

    @Override
    public ReverseEndpointStatus convertToEntityAttribute(String column) {
        return column == null ? null : ReverseEndpointStatus.parse(column).orElseThrow();
    }
}
