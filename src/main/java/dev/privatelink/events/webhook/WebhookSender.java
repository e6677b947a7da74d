package dev.privatelink.events.webhook;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import dev.privatelink.events.cloudevent.CloudEventFormat;
import jakarta.annotation.PreDestroy;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * Sends one event to one receiver, signed as the Standard Webhooks specification says: headers
 * {@code webhook-id} (the CloudEvent's id, the same on every attempt, for the receiver to deduplicate),
 * {@code webhook-timestamp} (this attempt, Unix seconds) and {@code webhook-signature}
 * ({@code v1,<Base64 HMAC-SHA256 of "id.timestamp.body">} with the subscription's secret); the body is
 * the CloudEvent in structured JSON. Redirects are not followed and every connection goes to an address
 * {@link WebhookUrls} allowed.
 */
@Component
class WebhookSender {

    static final String USER_AGENT = "privatelink-control-plane-webhooks/1";

    /** How an attempt went: a 2xx {@code code} is a delivery; anything else, or an {@code error}, is not. */
    record Attempt(Integer code, String error) {
        boolean delivered() {
            return code != null && code >= 200 && code < 300;
        }

        String describe() {
            return code != null ? "HTTP " + code : error;
        }
    }

    private final CloseableHttpClient http;
    private final Clock clock;

    WebhookSender(WebhookUrls urls, WebhookSettings settings, Clock clock) {
        this.clock = clock;
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new DnsResolver() {
                    @Override
                    public InetAddress[] resolve(String host) throws UnknownHostException {
                        return urls.resolve(host);
                    }

                    @Override
                    public String resolveCanonicalHostname(String host) {
                        return host;
                    }
                })
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.responseTimeout()))
                        .build())
                .setMaxConnTotal(settings.threads() * 2)
                .setMaxConnPerRoute(settings.threads())
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent(USER_AGENT)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(Timeout.of(settings.responseTimeout()))
                        .setConnectionRequestTimeout(Timeout.of(settings.responseTimeout()))
                        .build())
                .build();
    }

    Attempt send(String url, String secret, UUID messageId, String body) {
        long timestamp = clock.instant().getEpochSecond();
        HttpPost post = new HttpPost(URI.create(url));
        post.setHeader("webhook-id", messageId.toString());
        post.setHeader("webhook-timestamp", Long.toString(timestamp));
        try {
            post.setHeader("webhook-signature", new Webhook(secret).sign(messageId.toString(), timestamp, body));
        } catch (WebhookSigningException e) {
            return new Attempt(null, "could not sign: " + e.getMessage());
        }
        post.setEntity(new StringEntity(body, ContentType.create(CloudEventFormat.CONTENT_TYPE, StandardCharsets.UTF_8)));
        try {
            int code = http.execute(post, response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
            return new Attempt(code, null);
        } catch (WebhookUrls.Refused e) {
            return new Attempt(null, "refused: " + e.getMessage());
        } catch (UnknownHostException e) {
            return new Attempt(null, "host does not resolve: " + e.getMessage());
        } catch (IOException e) {
            return new Attempt(null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @PreDestroy
    void close() throws IOException {
        http.close();
    }
}
