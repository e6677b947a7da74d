package dev.privatelink.sandbox;

import java.time.Clock;

import dev.privatelink.sandbox.model.SandboxSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.mockito.Mockito.mock;

/** The sandbox module's beans without a database, to see which of them a configuration activates. */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(SandboxSettings.class)
@ComponentScan("dev.privatelink.sandbox")
public class SandboxWithoutDatabase {

    @Bean
    JdbcClient jdbcClient() {
        return mock(JdbcClient.class);
    }

    @Bean
    org.springframework.transaction.PlatformTransactionManager transactionManager() {
        return mock(org.springframework.transaction.PlatformTransactionManager.class);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
