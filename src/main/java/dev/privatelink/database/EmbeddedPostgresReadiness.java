package dev.privatelink.database;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Holds back every {@link DataSource} until the embedded PostgreSQL, started in the background while the
 * application context is built ({@link EmbeddedPostgresEnvironment}), accepts connections: whatever uses
 * the database first (Flyway) finds it up.
 */
final class EmbeddedPostgresReadiness implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource) {
            EmbeddedPostgresEnvironment.awaitStarted();
        }
        return bean;
    }
}
