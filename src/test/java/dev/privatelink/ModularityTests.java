package dev.privatelink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module structure holds: no cycles between modules, and no module reaching into another's
 * internals (its sub-packages). The module diagrams committed in {@code docs/modules} are what the
 * code says; after a change of structure, refresh them with
 * {@code ./mvnw test -Dtest=ModularityTests -Dmodules.docs=update}.
 */
class ModularityTests {

    private static final Path COMMITTED = Path.of("docs/modules");

    private final ApplicationModules modules = ApplicationModules.of(ControlPlaneApplication.class);

    @Test
    void modulesHaveNoCyclesAndReachOnlyEachOthersApi() {
        modules.verify();
    }

    @Test
    void committedModuleDiagramsMatchTheCode() throws IOException {
        boolean update = "update".equals(System.getProperty("modules.docs"));
        Path generated = update ? COMMITTED : Path.of("target/modules-docs");
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases()
                .writeAggregatingDocument();

        assertThat(contents(COMMITTED))
                .as("docs/modules is out of date; run ./mvnw test -Dtest=ModularityTests -Dmodules.docs=update and commit it")
                .isEqualTo(contents(generated));
    }

    /**
     * Each file's lines, sorted: the Documenter writes modules, relations and list items in an order
     * that changes between runs (an Asciidoc cell's first item carries its {@code |}), so only what they
     * say is compared, not where they stand.
     */
    private static Map<String, List<String>> contents(Path folder) throws IOException {
        Map<String, List<String>> files = new TreeMap<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> paths = Files.list(folder)) {
                for (Path path : paths.toList()) {
                    files.put(path.getFileName().toString(), Files.readAllLines(path).stream()
                            .map(line -> line.replaceFirst("^\\|\\* ", "* ")).sorted().toList());
                }
            }
        }
        return files;
    }
}
