package dev.privatelink.web.internal;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiTagOrderUnitTests {

    @Test
    void tagsFollowTheAdministratorsWayThroughTheApi() {
        List<String> sorted = Stream.of("Sandbox cloud: operator", "API keys", "Operator: workflows", "Services",
                        "Reverse private endpoints", "Sandbox cloud: customer side", "Organizations", "Private endpoints",
                        "Operator: endpoint services")
                .sorted(Comparator.comparingInt(OpenApiConfiguration::rank).thenComparing(t -> t)).toList();

        assertThat(sorted).containsExactly("Organizations", "Services", "Private endpoints", "Reverse private endpoints",
                "API keys", "Operator: endpoint services", "Operator: workflows", "Sandbox cloud: customer side",
                "Sandbox cloud: operator");
    }
}
