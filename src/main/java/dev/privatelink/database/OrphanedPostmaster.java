package dev.privatelink.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;

/**
 * A PostgreSQL server left running by a previous process that was killed (SIGKILL skips shutdown
 * hooks, and the postmaster is not our child, so it outlives us). It still owns the data directory,
 * so it is stopped cleanly before a new one starts. A stale {@code postmaster.pid} whose process is
 * gone needs nothing: PostgreSQL itself ignores it.
 */
final class OrphanedPostmaster {

    private static final Duration SMART_STOP = Duration.ofSeconds(20);
    private static final Duration FORCED_STOP = Duration.ofSeconds(10);

    private OrphanedPostmaster() {
    }

    static void stopIfRunning(Path dataDirectory, Log log) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = readPid(pidFile)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(OrphanedPostmaster::isPostgres);
        if (postmaster.isEmpty()) {
            log.info("Found a stale postmaster.pid from a killed run; PostgreSQL will recover the data directory");
            return;
        }
        ProcessHandle process = postmaster.get();
        log.warn("An embedded PostgreSQL from a previous run (pid " + process.pid() + ") still holds "
                + dataDirectory + "; stopping it before starting a new one");
        process.destroy(); // SIGTERM: PostgreSQL's smart shutdown; its clients died with the old process
        if (!waitForExit(process, SMART_STOP)) {
            process.destroyForcibly();
            waitForExit(process, FORCED_STOP);
        }
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile);
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        // a recycled pid belonging to some other program must not be touched
        return process.info().command().map(command -> command.endsWith("postgres")).orElse(false);
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (process.isAlive() && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !process.isAlive();
    }
}
