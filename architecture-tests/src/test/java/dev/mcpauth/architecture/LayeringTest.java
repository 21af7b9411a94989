package dev.mcpauth.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hexagon of DESIGN.md: adapters -> application -> domain; adapters never depend on each other; only bootstrap
 * sees everything. Every package named here must hold classes (see {@link #everyPackageTheRulesNameHoldsClasses}),
 * and {@code archRule.failOnEmptyShould} makes a rule that matches nothing fail, so no rule passes vacuously.
 */
@AnalyzeClasses(packages = "dev.mcpauth", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {
    private static final String JDK = "java..";
    private static final String DOMAIN = "dev.mcpauth.domain..";
    private static final String APPLICATION = "dev.mcpauth.application..";
    private static final String PORT_IN = "dev.mcpauth.application.port.in";
    private static final String PORT_OUT = "dev.mcpauth.application.port.out";
    private static final String SERVICE = "dev.mcpauth.application.service";
    private static final String ADAPTERS = "dev.mcpauth.adapters..";
    private static final String HTTP = "dev.mcpauth.adapters.http..";
    private static final String STORAGE = "dev.mcpauth.adapters.storage..";
    private static final String IDP = "dev.mcpauth.adapters.idp..";
    private static final String BOOTSTRAP = "dev.mcpauth.bootstrap..";

    private static final String[] FRAMEWORKS = {"io.micronaut..", "jakarta..", "javax..", "io.lettuce..",
            "com.nimbusds..", "org.bouncycastle..", "com.amazon.corretto..", "org.slf4j.."};

    @ArchTest
    static final ArchRule domainDependsOnTheJdkOnly = classes().that().resideInAPackage(DOMAIN)
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, DOMAIN)
            .as("the domain depends on the JDK only");

    @ArchTest
    static final ArchRule domainUsesNoFrameworkAndNoOuterRing = noClasses().that().resideInAPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage(concat(FRAMEWORKS,
                    APPLICATION, ADAPTERS, BOOTSTRAP))
            .as("the domain uses no framework and nothing of application, adapters or bootstrap");

    @ArchTest
    static final ArchRule applicationDependsOnDomainAndTheJdkOnly = classes().that().resideInAPackage(APPLICATION)
            .should().onlyDependOnClassesThat().resideInAnyPackage(JDK, DOMAIN, APPLICATION)
            .as("the application depends on the domain and the JDK only");

    @ArchTest
    static final ArchRule applicationUsesNoFrameworkAndNoOuterRing = noClasses().that().resideInAPackage(APPLICATION)
            .should().dependOnClassesThat().resideInAnyPackage(concat(FRAMEWORKS, ADAPTERS, BOOTSTRAP))
            .as("the application uses no framework and nothing of adapters or bootstrap");

    @ArchTest
    static final ArchRule adaptersDoNotDependOnEachOther = slices().matching("dev.mcpauth.adapters.(*)..")
            .should().notDependOnEachOther()
            .as("adapters (http, storage, idp) do not depend on each other");

    @ArchTest
    static final ArchRule httpAdapterDependsOnNoOtherAdapter = noClasses().that().resideInAPackage(HTTP)
            .should().dependOnClassesThat().resideInAnyPackage(STORAGE, IDP)
            .as("the http adapter depends on neither the storage nor the idp adapter");

    @ArchTest
    static final ArchRule storageAdapterDependsOnNoOtherAdapter = noClasses().that().resideInAPackage(STORAGE)
            .should().dependOnClassesThat().resideInAnyPackage(HTTP, IDP)
            .as("the storage adapter depends on neither the http nor the idp adapter");

    @ArchTest
    static final ArchRule idpAdapterDependsOnNoOtherAdapter = noClasses().that().resideInAPackage(IDP)
            .should().dependOnClassesThat().resideInAnyPackage(HTTP, STORAGE)
            .as("the idp adapter depends on neither the http nor the storage adapter");

    @ArchTest
    static final ArchRule onlyBootstrapDependsOnAdapters = noClasses().that()
            .resideOutsideOfPackages(ADAPTERS, BOOTSTRAP)
            .should().dependOnClassesThat().resideInAPackage(ADAPTERS)
            .as("nothing but bootstrap depends on the adapters");

    @ArchTest
    static final ArchRule nothingDependsOnBootstrap = noClasses().that().resideOutsideOfPackage(BOOTSTRAP)
            .should().dependOnClassesThat().resideInAPackage(BOOTSTRAP)
            .as("nothing depends on bootstrap");

    @ArchTest
    static final ArchRule useCasesLiveInPortIn = classes().that().areInterfaces()
            .and().haveSimpleNameEndingWith("UseCase")
            .should().resideInAPackage(PORT_IN)
            .as("use cases (interfaces named *UseCase) live in " + PORT_IN);

    @ArchTest
    static final ArchRule servicesImplementAUseCaseOrArePackageHelpers = classes().that().resideInAPackage(SERVICE + "..")
            .and().areTopLevelClasses()
            .should().implement(resideInAPackage(PORT_IN).and(simpleNameEndingWith("UseCase"))
                    .as("a use case of " + PORT_IN))
            .orShould().notBePublic()
            .as("services implement a use case of " + PORT_IN + " or are package-private helpers");

    /** The packages the rules above name; each must hold at least one class (itself or in a subpackage). */
    static final List<String> NAMED_PACKAGES = List.of("dev.mcpauth.domain", PORT_IN, PORT_OUT, SERVICE,
            "dev.mcpauth.adapters.http", "dev.mcpauth.adapters.storage", "dev.mcpauth.adapters.idp",
            "dev.mcpauth.bootstrap");

    @ArchTest
    static void everyPackageTheRulesNameHoldsClasses(JavaClasses imported) {
        List<String> empty = NAMED_PACKAGES.stream()
                .filter(name -> imported.stream().noneMatch(inPackageOrBelow(name)))
                .toList();
        assertTrue(empty.isEmpty(), "packages the layering rules name but that hold no class (a rule about them"
                + " would pass vacuously): " + empty + "; " + imported.size() + " classes were imported");
    }

    private static java.util.function.Predicate<JavaClass> inPackageOrBelow(String name) {
        return javaClass -> javaClass.getPackageName().equals(name)
                || javaClass.getPackageName().startsWith(name + ".");
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }
}
