package io.credreg.platform;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The shared edge code serves both applications and knows neither of them. */
@AnalyzeClasses(packages = "io.credreg.platform", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule platformKnowsNeitherSide = noClasses().that().resideInAPackage("io.credreg.platform..")
            .should().dependOnClassesThat().resideInAnyPackage("io.credreg.command..", "io.credreg.query..")
            .because("each side contributes what differs through the platform's interfaces, never the reverse");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.credreg.platform.(*)..")
            .should().beFreeOfCycles();
}
