package dev.privatelink.cloud;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a provider by its wire name ({@code aws}, {@code azure}), as the API shows it. */
@Converter(autoApply = true)
public class CloudProviderColumn implements AttributeConverter<CloudProvider, String> {

    @Override
    public String convertToDatabaseColumn(CloudProvider provider) {
        return provider == null ? null : provider.wireName();
    }

    @Override
    public CloudProvider convertToEntityAttribute(String column) {
        return column == null ? null : CloudProvider.parse(column).orElseThrow();
    }
}
