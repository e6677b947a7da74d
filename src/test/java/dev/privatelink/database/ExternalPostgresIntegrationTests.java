package dev.privatelink.database;

import java.util.Map;

import dev.privatelink.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.postgresql.PostgreSQLContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service on an external PostgreSQL 17 (Testcontainers), where Docker exists; skipped cleanly
 * where it does not. With a datasource configured no embedded server starts and no development
 * credentials are created unless bootstrap settings say so.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "privatelink.bootstrap.org-name=external",
        "privatelink.bootstrap.admin-key-id=ext-admin",
        "privatelink.bootstrap.admin-key-secret=ext-admin-secret-0123456789"})
@ActiveProfiles("test")
@Import(TestApi.Configuration.class)
class ExternalPostgresIntegrationTests {

    @Container
    static PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");

    @DynamicPropertySource
    static void datasource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", postgres::getJdbcUrl);
        registry.add("spring.datasource.username", postgres::getUsername);
        registry.add("spring.datasource.password", postgres::getPassword);
    }

    @Autowired
    TestApi api;

    @Autowired
    Environment environment;

    @Test
    void runsOnTheExternalDatabaseWithOnlyTheConfiguredCredentials() {
        assertThat(environment.getProperty(EmbeddedPostgresEnvironment.ACTIVE_PROPERTY)).isNull();
        assertThat(api.as(TestApi.Credentials.DEV_ADMIN).get("/v1/organizations").status()).isEqualTo(401);

        TestApi.Credentials admin = new TestApi.Credentials("ext-admin", "ext-admin-secret-0123456789");
        String orgId = api.as(admin).get("/v1/organizations").expectStatus(200).result().get(0).get("id").asString();
        api.as(admin).post("/v1/organizations/" + orgId + "/services",
                Map.of("name", "on-external", "provider", "aws", "region", "us-west-2", "tier", "PRODUCTION")).expectStatus(200);
    }
}
