package dev.privatelink.database;

import java.io.IOException;
import java.io.InputStream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default starts on the machines developers use: the binaries for each platform are on
 * the class path (and so in the runnable jar), found the way the library finds them at start-up
 * ({@code os.name}, {@code os.arch} as the JVM reports them). Apple Silicon is served by the macOS
 * archive, whose binaries are universal.
 */
class EmbeddedPostgresPlatformsUnitTests {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"Linux, x86_64", "Linux, aarch64", "Darwin, x86_64", "Darwin, aarch64"})
    void binariesForEveryDevelopmentPlatform(String system, String architecture) throws IOException {
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture)) {
            assertThat(archive).as("PostgreSQL binaries for " + system + " " + architecture).isNotNull();
            assertThat(archive.readNBytes(6)).as("an xz archive").startsWith((byte) 0xFD, (byte) '7', (byte) 'z');
        }
    }
}
