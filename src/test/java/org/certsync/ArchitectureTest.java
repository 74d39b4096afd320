package org.certsync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
                .should().dependOnClassesThat().resideInAPackage("org.certsync.exchange..")
                .check(PRODUCTION);
    }
}
