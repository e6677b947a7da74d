package dev.privatelink.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The container's health check, run as the image runs it: a JVM of its own, judged by its exit status. */
class HealthProbeUnitTests {

    private HttpServer server;
    private volatile int answer = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/actuator/health/readiness", exchange -> {
            byte[] body = (answer == 200 ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readyIsHealthy() throws Exception {
        assertThat(probe(url())).isZero();
    }

    @Test
    void notReadyIsUnhealthy() throws Exception {
        answer = 503;
        assertThat(probe(url())).isEqualTo(1);
    }

    @Test
    void nothingListeningIsUnhealthy() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(probe("http://127.0.0.1:" + port + "/actuator/health/readiness")).isEqualTo(1);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/actuator/health/readiness";
    }

    private static int probe(String url) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HealthProbe.class.getName(), url).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
