package dev.privatelink.apikey.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API key secrets: generated with 160 random bits, stored as SHA-256 over key id and secret,
 * compared in constant time. A slow password hash would buy nothing for secrets of that entropy
 * and would cost every API call its latency.
 */
public final class SecretHash {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private SecretHash() {
    }

    /** 27 characters of a 62-letter alphabet: 160 bits. */
    public static String newSecret() {
        return random(27);
    }

    /** A key id like the seeds' ones: 20 characters, about 119 bits, not secret. */
    static String newKeyId() {
        return random(20);
    }

    static String hash(String keyId, String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest((keyId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static boolean matches(String keyId, String secret, String storedHash) {
        byte[] presented = hash(keyId, secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }
}
