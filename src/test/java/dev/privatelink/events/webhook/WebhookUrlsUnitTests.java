package dev.privatelink.events.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.privatelink.web.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which webhook URLs the service calls, host names included: a name is judged by every address it
 * resolves to, when the subscription is made and again when a delivery connects, so a name that points
 * (or later points) inside the platform's network is refused.
 */
class WebhookUrlsUnitTests {

    /** A DNS of our own: these names resolve to these addresses. */
    private static final Map<String, String> DNS = Map.ofEntries(
            Map.entry("hooks.example.com", "93.184.215.14"),
            Map.entry("internal.example.com", "10.20.30.40"),
            Map.entry("metadata.example.com", "169.254.169.254"),
            Map.entry("loopback.example.com", "127.0.0.1"),
            Map.entry("cgnat.example.com", "100.64.12.1"),
            Map.entry("ula.example.com", "fd12:3456:789a::1"),
            Map.entry("mapped.example.com", "::ffff:192.168.0.10"),
            Map.entry("nat64.example.com", "64:ff9b::a00:1"),
            Map.entry("public6.example.com", "2606:2800:220:1:248:1893:25c8:1946"));

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = DNS.get(host);
        if (address == null && !host.matches("[0-9a-fA-F.:]+")) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address != null ? address : host)};
    }

    private static WebhookSettings settings(Boolean allowHttp, List<String> allowedNetworks) {
        return new WebhookSettings(allowHttp, allowedNetworks, false, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofHours(2), 20, 4,
                Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofDays(30));
    }

    private static final WebhookUrls PRODUCTION = new WebhookUrls(settings(null, null), false, WebhookUrlsUnitTests::resolve);
    private static final WebhookUrls EMBEDDED = new WebhookUrls(settings(null, null), true, WebhookUrlsUnitTests::resolve);

    @ParameterizedTest
    @CsvSource({
            "https://internal.example.com/hooks,  'resolves to 10.20.30.40, a private address'",
            "https://metadata.example.com/,       'resolves to 169.254.169.254, a link-local address'",
            "https://loopback.example.com/hooks,  'resolves to 127.0.0.1, a loopback address'",
            "https://cgnat.example.com/hooks,     'resolves to 100.64.12.1'",
            "https://ula.example.com/hooks,       'resolves to fd12:3456:789a:0:0:0:0:1, a private address'",
            "https://mapped.example.com/hooks,    'resolves to 192.168.0.10, a private address'",
            "https://nat64.example.com/hooks,     'resolves to 64:ff9b:0:0:0:0:a00:1, a private address'",
            "https://10.1.1.1/hooks,              'resolves to 10.1.1.1, a private address'",
            "http://hooks.example.com/hooks,      'must use https'",
            "https://nowhere.example.com/hooks,   'is unreachable: host ''nowhere.example.com'' does not resolve'"})
    void namesAndAddressesInsideThePlatformsNetworkAreRefused(String url, String why) {
        assertThatThrownBy(() -> PRODUCTION.requireAcceptable(url))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("url '" + url + "'")
                .hasMessageContaining(why);
    }

    @Test
    void publicNamesAreAccepted() {
        assertThat(PRODUCTION.requireAcceptable("https://hooks.example.com/hooks?x=1").toString())
                .isEqualTo("https://hooks.example.com/hooks?x=1");
        assertThatCode(() -> PRODUCTION.requireAcceptable("https://public6.example.com:8443/")).doesNotThrowAnyException();
    }

    @Test
    void theEmbeddedDefaultAllowsHttpAndLoopbackOnly() {
        assertThatCode(() -> EMBEDDED.requireAcceptable("http://127.0.0.1:9000/hooks")).doesNotThrowAnyException();
        assertThatCode(() -> EMBEDDED.requireAcceptable("http://loopback.example.com/hooks")).doesNotThrowAnyException();
        assertThatCode(() -> EMBEDDED.requireAcceptable("http://[::1]:9000/hooks")).doesNotThrowAnyException();
        assertThatThrownBy(() -> EMBEDDED.requireAcceptable("http://internal.example.com/hooks"))
                .hasMessageContaining("resolves to 10.20.30.40, a private address");
        assertThatThrownBy(() -> EMBEDDED.requireAcceptable("https://metadata.example.com/"))
                .hasMessageContaining("link-local");
    }

    @Test
    void anOperatorMayAllowAnInternalNetworkAndPlainHttp() {
        WebhookUrls operated = new WebhookUrls(settings(true, List.of("10.20.0.0/16")), false, WebhookUrlsUnitTests::resolve);

        assertThatCode(() -> operated.requireAcceptable("http://internal.example.com/hooks")).doesNotThrowAnyException();
        assertThatThrownBy(() -> operated.requireAcceptable("https://10.21.0.1/hooks")).hasMessageContaining("private address");
        assertThatThrownBy(() -> operated.requireAcceptable("https://loopback.example.com/"))
                .as("loopback stays refused where only another network is allowed").hasMessageContaining("loopback");
    }

    @Test
    void aDeliveryNeverConnectsToANameThatNowResolvesInside() {
        // the subscription was made while the name pointed outside; now it points at the metadata service
        WebhookUrls rebound = new WebhookUrls(settings(null, null), false,
                host -> new InetAddress[] {InetAddress.getByName("169.254.169.254")});
        WebhookSender sender = new WebhookSender(rebound, settings(null, null), Clock.systemUTC());

        WebhookSender.Attempt attempt = sender.send("https://hooks.example.com/hooks",
                "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]), UUID.randomUUID(), "{}");

        assertThat(attempt.delivered()).isFalse();
        assertThat(attempt.error()).startsWith("refused: resolves to 169.254.169.254, a link-local address");
    }
}
