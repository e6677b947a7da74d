package dev.privatelink.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container's health check: exits 0 when the URL answers 2xx within a few seconds, 1 otherwise.
 * The JRE image has neither curl nor wget, and a check should use what the image has on purpose:
 * {@code java -cp control-plane.jar dev.privatelink.system.HealthProbe http://localhost:8080/actuator/health/readiness}.
 * No Spring here: it runs in a JVM of its own, so it must start fast and load little.
 */
public final class HealthProbe {

    private static final int TIMEOUT_MILLIS = 3000;

    private HealthProbe() {
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "http://localhost:8080/actuator/health/readiness";
        int status = status(url);
        if (status / 100 != 2) {
            System.err.println("unhealthy: " + url + " answered " + (status < 0 ? "nothing" : status));
            System.exit(1);
        }
    }

    /** The HTTP status of a GET on {@code url}, -1 when nothing answered. */
    static int status(String url) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            int status = connection.getResponseCode();
            try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            return status;
        } catch (IOException | IllegalArgumentException e) {
            return -1;
        }
    }
}
