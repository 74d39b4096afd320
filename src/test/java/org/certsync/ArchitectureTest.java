package org.certsync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.certsync.sync.Run;
import org.junit.jupiter.api.Test;

/** The shape of the code that its reviews rely on, checked on the compiled classes. */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.certsync");

    @Test
    void noProductionCodeReachesTheDemo() {
        // the embedded directory and the simulated tenant exist only with certsync.demo=true
        noClasses().that().resideOutsideOfPackage("org.certsync.demo..")
                .should().dependOnClassesThat().resideInAPackage("org.certsync.demo..")
                .check(PRODUCTION);
    }

    @Test
    void theSimulatorModelsTheServiceWithItsOwnCode() {
        // it decodes requests itself, so a publisher that drifts from the service's format is refused
        noClasses().that().resideInAPackage("org.certsync.demo.simulator..")
                .should().dependOnClassesThat().resideInAPackage("org.certsync.exchangeonline..")
                .check(PRODUCTION);
    }

    @Test
    void aRunTravelsWithTheExchangeAndNoBeanHoldsIt() {
        // a run's state is the exchange property certsyncRun: no bean keeps a run, or a run's tally, between calls
        noFields().should().haveRawType(Run.class).check(PRODUCTION);
    }

    @Test
    void onlyTheRunsBeginningAndEndCallTheGate() throws IOException {
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            assertThat(routes.filter(route -> read(route).contains("ref: syncRuns")).map(route -> route.getFileName().toString()))
                    .containsExactlyInAnyOrder("sync-run.camel.yaml", "errors-run.camel.yaml");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
