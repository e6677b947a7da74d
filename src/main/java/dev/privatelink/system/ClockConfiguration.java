package dev.privatelink.system;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One clock for the whole service, so tests can move time instead of sleeping. It ticks in microseconds,
 * the precision PostgreSQL keeps: a time read back equals the one written, and what an event carries of
 * a change equals what a read shows of it afterwards.
 */
@Configuration
class ClockConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1000));
    }
}
