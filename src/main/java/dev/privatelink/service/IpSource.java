package dev.privatelink.service;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * The {@code source} of an IP access list entry, parsed: one IPv4 or IPv6 address, or a CIDR range
 * ({@code 203.0.113.0/24}, {@code 2001:db8::/32}); {@code 0.0.0.0/0} and {@code ::/0} mean anywhere.
 * Addresses are parsed by the JDK as literals (never looked up in DNS). Written as people and firewalls
 * write them: IPv4 in four decimal parts without leading zeros (so {@code 010.0.0.1} is not read as octal
 * by one tool and decimal by another), and a range with no bits set after its prefix (so
 * {@code 10.0.0.1/8}, usually a typo, is refused with the range it would have meant).
 *
 * @param address the address, or the range's first address
 * @param prefix  the prefix length: 32 (IPv4) or 128 (IPv6) for one address
 */
public record IpSource(InetAddress address, int prefix) {

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    private static final Pattern PREFIX = Pattern.compile("0|[1-9][0-9]{0,2}");

    /**
     * @throws IllegalArgumentException saying what is wrong with the text, for a message to the caller
     */
    public static IpSource parse(String text) {
        String source = text.strip();
        int slash = source.indexOf('/');
        InetAddress address = address(slash < 0 ? source : source.substring(0, slash));
        int bits = bits(address);
        if (slash < 0) {
            return new IpSource(address, bits);
        }
        String prefixText = source.substring(slash + 1);
        if (!PREFIX.matcher(prefixText).matches() || Integer.parseInt(prefixText) > bits) {
            throw new IllegalArgumentException("the prefix length after '/' must be 0 to " + bits);
        }
        int prefix = Integer.parseInt(prefixText);
        InetAddress network = network(address, prefix);
        if (!network.equals(address)) {
            throw new IllegalArgumentException("bits are set after the /" + prefix + " prefix; the range is "
                    + network.getHostAddress() + "/" + prefix);
        }
        return new IpSource(address, prefix);
    }

    /** Whether it admits every address of its family ({@code 0.0.0.0/0}, {@code ::/0}). */
    public boolean isAnywhere() {
        return prefix == 0;
    }

    /** Whether a client at this address is inside the range (an address of the other family never is). */
    public boolean contains(InetAddress client) {
        return client.getClass() == address.getClass() && network(client, prefix).equals(address);
    }

    private static InetAddress address(String text) {
        if (text.contains(":")) {
            if (text.contains("%") || text.contains("[")) {
                throw new IllegalArgumentException("an IPv6 address is written without brackets or a zone (%…)");
            }
            InetAddress address = literal(text);
            if (address instanceof Inet4Address) {
                throw new IllegalArgumentException("write an IPv4-mapped address as IPv4 (" + address.getHostAddress() + ")");
            }
            return address;
        }
        if (!IPV4.matcher(text).matches()) {
            throw new IllegalArgumentException("not an IPv4 address (four decimal numbers 0-255 without leading zeros, "
                    + "e.g. 203.0.113.7) or an IPv6 address (e.g. 2001:db8::7)");
        }
        return literal(text);
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.ofLiteral(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 or IPv6 address");
        }
    }

    private static int bits(InetAddress address) {
        return address.getAddress().length * 8;
    }

    /** The address with every bit after the prefix cleared. */
    private static InetAddress network(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        int bits = bytes.length * 8;
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .shiftRight(prefix).not();
        BigInteger masked = new BigInteger(1, bytes).and(mask);
        byte[] raw = masked.toByteArray();
        byte[] result = new byte[bytes.length];
        int copy = Math.min(raw.length, result.length);
        System.arraycopy(raw, raw.length - copy, result, result.length - copy, copy);
        try {
            return InetAddress.getByAddress(result);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the length is 4 or 16
        }
    }
}
