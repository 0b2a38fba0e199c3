package io.restoredrill.core;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * The hexagon's dependency rule: the domain, the ports, the use case and the AWS path's workflow steps know nothing
 * of AWS, JDBC, Jackson or adapters. The state document's JSON is mapped at the Lambda edge ({@code adapter.in.lambda}).
 */
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

    @ArchTest
    static final ArchRule accountAuditDependsOnlyOnDomainAndPorts = classes().that().resideInAPackage("..core.audit..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("..core.domain..", "..core.port..", "..core.audit..", "java..");

    @ArchTest
    static final ArchRule workflowDependsOnlyOnDomainPortsAndUseCase = classes().that()
            .resideInAPackage("..core.workflow..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("..core.domain..", "..core.port..", "..core.drill..", "..core.workflow..", "java..",
                    "org.slf4j..");

    @ArchTest
    static final ArchRule fleetDependsOnlyOnDomainAndPorts = classes().that().resideInAPackage("..core.fleet..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("..core.domain..", "..core.port..", "..core.fleet..", "java..", "org.slf4j..");
}
