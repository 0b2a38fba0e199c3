package io.restoredrill.core;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The hexagon's dependency rule: the domain, the ports and the use case know nothing of AWS, JDBC or adapters. */
@AnalyzeClasses(packages = "io.restoredrill.core", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRuleTest {

    @ArchTest
    static final ArchRule domainDependsOnNothing = classes().that().resideInAPackage("..core.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("..core.domain..", "java..");

    @ArchTest
    static final ArchRule portsDependOnlyOnTheDomain = classes().that().resideInAPackage("..core.port..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("..core.domain..", "..core.port..", "java..");

    @ArchTest
    static final ArchRule useCaseDependsOnlyOnDomainAndPorts = classes().that().resideInAPackage("..core.drill..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("..core.domain..", "..core.port..", "..core.drill..", "java..", "org.slf4j..");
}
