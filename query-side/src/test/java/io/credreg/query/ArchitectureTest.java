package io.credreg.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "io.credreg.query", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** The two sides share the contract (shared-api) and the edge code (platform), never each other's code. */
    @ArchTest
    static final ArchRule queryNeverUsesCommandSide = noClasses().that().resideInAPackage("io.credreg.query..")
            .should().dependOnClassesThat().resideInAPackage("io.credreg.command..");

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles = slices().matching("io.credreg.query.(*)..")
            .should().beFreeOfCycles();

    /** The root package only starts the application; a feature that reached back into it would close a cycle the
     *  slice rule cannot see, since root classes belong to no slice. */
    @ArchTest
    static final ArchRule featuresDoNotDependOnTheRootPackage = noClasses()
            .that().resideInAPackage("io.credreg.query.*..")
            .should().dependOnClassesThat().resideInAPackage("io.credreg.query");

    /** Error handling and infrastructure serve the features and know none of them. */
    @ArchTest
    static final ArchRule supportPackagesKnowNoFeature = noClasses()
            .that().resideInAnyPackage("io.credreg.query.web..", "io.credreg.query.infrastructure..",
                    "io.credreg.query.operations..")
            .should().dependOnClassesThat().resideInAnyPackage("io.credreg.query.credential..",
                    "io.credreg.query.binding..", "io.credreg.query.instance..", "io.credreg.query.history..",
                    "io.credreg.query.admin..", "io.credreg.query.audit..");

    /** The secret (even encrypted) never reaches a read model or a response. */
    @ArchTest
    static final ArchRule noSecretEnvelopeOnTheQuerySide = noClasses().that().resideInAPackage("io.credreg.query..")
            .should().dependOnClassesThat().haveSimpleName("SecretEnvelope");
}
