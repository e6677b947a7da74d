package dev.privatelink.endpoint.registration;

import dev.privatelink.endpoint.EndpointStatus;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a status by its wire name, as the API shows it. */
@Converter(autoApply = true)
class EndpointStatusColumn implements AttributeConverter<EndpointStatus, String> {

    @Override
    public String convertToDatabaseColumn(EndpointStatus status) {
        return status == null ? null : status.wireName();
    }

    @Override
    public EndpointStatus convertToEntityAttribute(String column) {
        return column == null ? null : EndpointStatus.parse(column).orElseThrow();
    }
}
