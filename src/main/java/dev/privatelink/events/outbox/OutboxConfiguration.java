package dev.privatelink.events.outbox;

import dev.privatelink.events.webhook.WebhookSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The executor of the outbox listeners: a few threads and a queue. Every change of every registration
 * goes through it, so it is bounded: a burst of thousands of changes takes at most
 * {@code listenerThreads} database connections, never the API's. A queued change lost in a crash is
 * still in the event publication registry and is handed over again.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({EventSettings.class, WebhookSettings.class})
class OutboxConfiguration {

    static final String EXECUTOR = "privatelinkEventsExecutor";

    @Bean(EXECUTOR)
    ThreadPoolTaskExecutor privatelinkEventsExecutor(EventSettings settings) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(settings.listenerThreads());
        executor.setMaxPoolSize(settings.listenerThreads());
        executor.setThreadNamePrefix("events-");
        // on shutdown, what is queued stays in the registry, incomplete, and is handed over at the next start
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(5);
        return executor;
    }
}
