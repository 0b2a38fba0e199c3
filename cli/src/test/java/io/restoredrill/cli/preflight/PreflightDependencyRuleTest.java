package io.restoredrill.cli.preflight;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The preflight's rules and ports know no AWS SDK and no command line: those live in its adapters and the CLI. */
class PreflightDependencyRuleTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("io.restoredrill.cli.preflight");

    @Test
    void theUseCaseAndItsPortsDependOnNoAwsSdkNorPicocli() {
        noClasses().that().resideInAPackage("io.restoredrill.cli.preflight")
                .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "picocli..",
                        "io.restoredrill.cli.preflight.aws..", "com.fasterxml..")
                .check(CLASSES);
    }
}
