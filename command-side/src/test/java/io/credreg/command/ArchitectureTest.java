package io.credreg.command;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.modelling.command.Repository;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The command side's boundaries; shared-api is imported from the class path, as command-side depends on it. The side
 * may depend on platform (the shared edge code); platform's own rules are checked in platform.
 */
@AnalyzeClasses(packages = {"io.credreg.command", "io.credreg.api"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule theCommandSideKnowsNothingOfTheQuerySide = noClasses()
            .that().resideInAPackage("io.credreg.command..")
            .should().dependOnClassesThat().resideInAPackage("io.credreg.query..");

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("io.credreg.command.(*)..")
            .should().beFreeOfCycles();

    /** The root package only starts the application; a feature that reached back into it would close a cycle the
     *  slice rule cannot see, since root classes belong to no slice. */
    @ArchTest
    static final ArchRule featuresDoNotDependOnTheRootPackage = noClasses()
            .that().resideInAPackage("io.credreg.command.*..")
            .should().dependOnClassesThat().resideInAPackage("io.credreg.command");

    /** The shared pieces serve the features and know none of them, which is what keeps the packages free of cycles. */
    @ArchTest
    static final ArchRule supportPackagesKnowNoFeature = noClasses()
            .that().resideInAnyPackage("io.credreg.command.web..", "io.credreg.command.infrastructure..",
                    "io.credreg.command.dispatch..", "io.credreg.command.rule..", "io.credreg.command.validation..",
                    "io.credreg.command.lookup..")
            .should().dependOnClassesThat().resideInAnyPackage("io.credreg.command.credential..",
                    "io.credreg.command.binding..", "io.credreg.command.token..", "io.credreg.command.importing..",
                    "io.credreg.command.admin..", "io.credreg.command.secret..",
                    "io.credreg.command.resolution..");

    /** Only the gateway retries a command that lost a race and gives it the request's actor and correlation id. */
    @ArchTest
    static final ArchRule commandsGoThroughTheGateway = noClasses()
            .that().resideOutsideOfPackage("io.credreg.command.dispatch..")
            .should().dependOnClassesThat().areAssignableTo(CommandBus.class)
            .because("a command sent on the bus directly would skip the retries and the request's metadata");

    @ArchTest
    static final ArchRule controllersOnlyTranslateHttp = noClasses()
            .that().haveSimpleNameEndingWith("Controller")
            .should().dependOnClassesThat().resideInAPackage("..secret..")
            .orShould().dependOnClassesThat().areAssignableTo(Repository.class)
            .because("controllers translate HTTP into commands; sealing and aggregates live behind the command gateway");

    @ArchTest
    static final ArchRule restControllersAreNamedControllers = classes()
            .that().areAnnotatedWith(RestController.class)
            .should().haveSimpleNameEndingWith("Controller")
            .because("the rule above finds controllers by their name");

    @ArchTest
    static final ArchRule theSharedContractIsPlainJava = classes()
            .that().resideInAPackage("io.credreg.api..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.credreg.api..")
            .because("both sides and a later Axon 5 share these messages, so they carry no framework type");
}
