package dev.privatelink.database;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the tests that run the packaged jar as a process share: the jar, a free port, the end of a log. */
final class PackagedJar {

    private PackagedJar() {
    }

    /** The jar the build packaged (failsafe runs after {@code package}). */
    static Path path() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "privatelink-control-plane-*.jar")) {
            for (Path jar : jars) {
                return jar.toAbsolutePath();
            }
        }
        throw new IllegalStateException("no packaged jar in target/: run through ./mvnw verify");
    }

    /**
     * The command that runs the packaged jar with {@code javaOptions} then {@code arguments}. These tests
     * start the service ten times and never measure its speed: the client compiler alone and the serial
     * collector bring a start on two cores from ~22 s to ~12 s (the JIT's second tier and G1's threads
     * compete with the start-up thread there).
     */
    static List<String> command(List<String> javaOptions, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", path().toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The last 40 lines of a log, for a failure message. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
