package dev.privatelink.events.webhook;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import dev.privatelink.database.EmbeddedPostgresEnvironment;
import dev.privatelink.web.ApiException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Which webhook URLs the service may call, so that it cannot be turned against its own network:
 * {@code https} only, and only hosts whose every address is public — not loopback, private
 * (RFC 1918, unique local), link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast
 * or otherwise reserved — unless an operator allows the network ({@code privatelink.webhooks.allowed-networks}).
 * The embedded default allows {@code http} and loopback, for a receiver on the developer's machine.
 *
 * <p>Checked when a subscription is made and again on every connection: deliveries resolve the host
 * through {@link #resolve}, so a name that later resolves to an internal address (DNS rebinding) is
 * refused, and the connection goes to the address that was checked.
 */
@Component
public class WebhookUrls {

    /** How host names become addresses; the system resolver outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");
    private static final List<Network> NOT_PUBLIC = List.of(
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
            "203.0.113.0/24", "224.0.0.0/3",
            "::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "2001:db8::/32", "100::/64")
            .stream().map(Network::of).toList();

    private final boolean allowHttp;
    private final List<Network> allowed;
    private final List<String> allowedNetworks;
    private final boolean checkReachability;
    private final int connectTimeoutMillis;
    private final Resolver resolver;

    @Autowired
    WebhookUrls(WebhookSettings settings, Environment environment) {
        this(settings, environment.getProperty(EmbeddedPostgresEnvironment.ACTIVE_PROPERTY, Boolean.class, false),
                InetAddress::getAllByName);
    }

    /** @param embeddedDefault whether the service runs on its embedded default (development) */
    public WebhookUrls(WebhookSettings settings, boolean embeddedDefault, Resolver resolver) {
        this.allowHttp = settings.allowHttp() != null ? settings.allowHttp() : embeddedDefault;
        this.allowedNetworks = settings.allowedNetworks() != null ? List.copyOf(settings.allowedNetworks())
                : embeddedDefault ? LOOPBACK : List.of();
        this.allowed = allowedNetworks.stream().map(Network::of).toList();
        this.checkReachability = settings.checkReachability();
        this.connectTimeoutMillis = (int) settings.connectTimeout().toMillis();
        this.resolver = resolver;
    }

    /**
     * Validates a subscription's URL.
     *
     * @return the URL, normalized
     * @throws ApiException 400 naming the URL and what is wrong with it
     */
    public URI requireAcceptable(String url) {
        URI uri = parse(url);
        InetAddress[] addresses;
        try {
            addresses = resolve(uri.getHost());
        } catch (Refused e) {
            throw ApiException.badRequest("url '" + url + "' " + e.getMessage());
        } catch (UnknownHostException e) {
            throw ApiException.badRequest("url '" + url + "' is unreachable: host '" + uri.getHost() + "' does not resolve");
        }
        if (checkReachability) {
            requireReachable(url, uri, addresses);
        }
        return uri;
    }

    /**
     * The addresses of a webhook host that the service may connect to: all of them, or none (refused)
     * when any is not allowed.
     *
     * @throws UnknownHostException when the host does not resolve, or ({@link Refused}) resolves to an address not allowed
     */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = resolver.resolve(bare);
        for (InetAddress address : addresses) {
            if (!isAllowed(address)) {
                throw new Refused("resolves to " + address.getHostAddress() + ", " + kind(address)
                        + "; webhooks may only call public addresses"
                        + (allowedNetworks.isEmpty() ? "" : " or the allowed networks " + allowedNetworks)
                        + " (operators allow more with privatelink.webhooks.allowed-networks)");
            }
        }
        return addresses;
    }

    boolean isAllowed(InetAddress address) {
        InetAddress plain = embeddedIpv4(address);
        if (allowed.stream().anyMatch(n -> n.contains(plain))) {
            return true;
        }
        return NOT_PUBLIC.stream().noneMatch(n -> n.contains(plain));
    }

    /** A CIDR block; an address of the other IP version is never in it. */
    private record Network(boolean ipv6, IpAddressMatcher matcher) {

        static Network of(String cidr) {
            return new Network(cidr.contains(":"), new IpAddressMatcher(cidr));
        }

        boolean contains(InetAddress address) {
            // IpAddressMatcher compares the bytes of both versions and fails on a mix, so keep them apart
            return ipv6 == (address instanceof Inet6Address)
                    && matcher.matches(address.getHostAddress().split("%")[0]); // without an IPv6 zone
        }
    }

    private URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw ApiException.badRequest("url '" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowHttp)) {
            throw ApiException.badRequest("url '" + url + "' must use https" + (scheme.equals("http")
                    ? " (plain http is allowed only where an operator allows it: privatelink.webhooks.allow-http)" : ""));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw ApiException.badRequest("url '" + url + "' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ApiException.badRequest("url '" + url + "' must not carry credentials (user:password@)");
        }
        if (uri.getRawFragment() != null) {
            throw ApiException.badRequest("url '" + url + "' must not have a fragment (#…)");
        }
        return uri.normalize();
    }

    private void requireReachable(String url, URI uri, InetAddress[] addresses) {
        int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        IOException last = null;
        for (InetAddress address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), connectTimeoutMillis);
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw ApiException.badRequest("url '" + url + "' is unreachable: no connection to " + uri.getHost() + ":" + port
                + (last == null ? "" : " (" + last.getMessage() + ")"));
    }

    /** The IPv4 address inside an IPv4-mapped or NAT64 IPv6 address, which is where a connection would go. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                    && isZero(b, 4, 12);
            if (mapped || nat64) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
        return address;
    }

    private static boolean isZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String kind(InetAddress address) {
        InetAddress plain = embeddedIpv4(address);
        if (plain.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (plain.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (plain.isSiteLocalAddress() || plain.getHostAddress().toLowerCase(Locale.ROOT).matches("f[cd][0-9a-f]{2}:.*")) {
            return "a private address";
        }
        if (plain.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (plain.isMulticastAddress()) {
            return "a multicast address";
        }
        return "a reserved, non-public address";
    }

    /** A host that resolves, but to an address webhooks may not reach. */
    public static final class Refused extends UnknownHostException {
        Refused(String message) {
            super(message);
        }
    }
}
