package dev.privatelink.security.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Budgets of failed authentications ({@code privatelink.authentication-throttle.*}); each refills evenly
 * over {@code window}.
 *
 * @param failuresPerKey        wrong credentials per key id (from addresses where that key has not worked)
 *                              before further attempts answer 429; also the budget of one key at one of its
 *                              known addresses
 * @param failuresPerAddress    failed authentications per client address (IPv6: per /64) before further
 *                              attempts from it answer 429
 * @param window                how long an exhausted budget takes to refill completely
 * @param knownAddressRetention how long an address where a key authenticated stays exempt from that key's and
 *                              that address's budgets
 */
@ConfigurationProperties("privatelink.authentication-throttle")
record AuthenticationThrottleProperties(
        @DefaultValue("10") int failuresPerKey,
        @DefaultValue("100") int failuresPerAddress,
        @DefaultValue("1m") Duration window,
        @DefaultValue("24h") Duration knownAddressRetention) {
}
