package dev.privatelink.database;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** When the embedded default steps aside: a configured datasource, or the switch turned off. */
class EmbeddedPostgresEnvironmentUnitTests {

    private final EmbeddedPostgresEnvironment embedded = new EmbeddedPostgresEnvironment(new DeferredLogs());

    @Test
    void aConfiguredDatasourceStartsNoEmbeddedServerAndKeepsItsUrl() {
        StandardEnvironment environment = environment(Map.of(
                "spring.datasource.url", "jdbc:postgresql://db.internal:5432/privatelink"));

        embedded.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://db.internal:5432/privatelink");
        assertThat(environment.getProperty(EmbeddedPostgresEnvironment.ACTIVE_PROPERTY))
                .as("development credentials key on this: they must not exist with an external database").isNull();
        assertThat(environment.getPropertySources().contains("embeddedPostgres")).isFalse();
    }

    @Test
    void theEmbeddedServerCanBeSwitchedOff() {
        StandardEnvironment environment = environment(Map.of("privatelink.embedded-postgres.enabled", "false"));

        embedded.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url")).isNull();
        assertThat(environment.getProperty(EmbeddedPostgresEnvironment.ACTIVE_PROPERTY)).isNull();
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
