package io.github.camelcopilot;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component's packages and their arrows. The public API is what a user names: {@code component} (the component,
 * endpoint, options, headers), {@code client} (the exceptions and their failure kinds), {@code auth} (the token
 * provider SPI), {@code store} (the conversation store SPI and its two stores), {@code stream} (the updates of a
 * stream) and {@code model} (the API's resources). Everything else is under {@code internal}, public only so that the
 * component's own packages can reach it. Arrows: component → internal.keyed → internal.observe → internal.client,
 * internal.auth, internal.stream → the public packages; the public packages name nothing internal, and their public
 * members expose no internal type. The app and the test kit's simulator are other modules; the component never names
 * them. Read from the compiled classes, so fully qualified names and generated code count too.
 */
class ArchitectureTest {

    private static final String ROOT = "io.github.camelcopilot";
    private static final String INTERNAL = ROOT + ".internal..";
    private static final String[] API = { ROOT + ".component", ROOT + ".client", ROOT + ".auth", ROOT + ".store",
            ROOT + ".stream", ROOT + ".model" };
    private static final JavaClasses COMPONENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS) // the test kit is on the test class path
            .importPackages(ROOT);

    @ParameterizedTest
    @CsvSource({
            "component, app simulator",
            "internal.keyed, app simulator component",
            "internal.observe, app simulator component internal.keyed store",
            "internal.client, app simulator component internal.keyed internal.observe",
            "internal.stream, app simulator component internal.keyed internal.observe internal.client internal.auth auth",
            "internal.auth, app simulator component internal.keyed internal.observe internal.client internal.stream",
            "client, app simulator component internal",
            "auth, app simulator component internal",
            "stream, app simulator component internal",
            "store, app simulator component internal client stream auth",
            "model, app simulator component internal client stream auth store" })
    void packageDoesNotDependOn(String from, String forbidden) {
        String[] packages = Arrays.stream(forbidden.split(" ")).map(name -> ROOT + "." + name + "..")
                .toArray(String[]::new);
        noClasses().that().resideInAPackage(ROOT + "." + from + "..")
                .should().dependOnClassesThat().resideInAnyPackage(packages)
                .check(COMPONENT);
    }

    @Test
    void thePackagesFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(COMPONENT);
        slices().matching(ROOT + ".internal.(*)..").should().beFreeOfCycles().check(COMPONENT);
    }

    /** A user sees no internal type through the API: not as a parameter, a return type, a field or a supertype. */
    @Test
    void theApiExposesNothingInternal() {
        ArchCondition<JavaMember> exposeNoInternalType = new ArchCondition<>("expose no internal type") {
            @Override
            public void check(JavaMember member, ConditionEvents events) {
                Set<JavaClass> exposed = new HashSet<>();
                if (member instanceof JavaCodeUnit code) {
                    exposed.addAll(code.getRawParameterTypes());
                    exposed.add(code.getRawReturnType());
                } else if (member instanceof JavaField field) {
                    exposed.add(field.getRawType());
                }
                exposed.stream().filter(type -> type.getPackageName().startsWith(ROOT + ".internal"))
                        .forEach(type -> events.add(SimpleConditionEvent.violated(member,
                                member.getFullName() + " exposes " + type.getName())));
            }
        };
        members().that().areDeclaredInClassesThat().resideInAnyPackage(API)
                .and().areDeclaredInClassesThat().arePublic()
                .and().arePublic()
                .should(exposeNoInternalType)
                .check(COMPONENT);
        classes().that().resideInAnyPackage(API).and().arePublic()
                .should().notBeAssignableTo(JavaClass.Predicates.resideInAPackage(INTERNAL))
                .check(COMPONENT);
    }

    /** Outside {@code component}, which wires them, the public packages do not reach into the internals. */
    @Test
    void onlyTheComponentWiresTheInternals() {
        noClasses().that().resideInAnyPackage(Arrays.stream(API).filter(api -> !api.endsWith(".component"))
                        .toArray(String[]::new))
                .should().dependOnClassesThat().resideInAPackage(INTERNAL)
                .check(COMPONENT);
    }

    /** The route never continues on the common pool: every asynchronous stage names the component's executor. */
    @Test
    void nothingRunsOnTheCommonPool() {
        noClasses().should().callMethod(ForkJoinPool.class, "commonPool")
                .orShould().callMethod(CompletableFuture.class, "supplyAsync", Supplier.class)
                .orShould().callMethod(CompletableFuture.class, "runAsync", Runnable.class)
                .orShould().callMethod(CompletableFuture.class, "thenApplyAsync", Function.class)
                .orShould().callMethod(CompletableFuture.class, "thenAcceptAsync", Consumer.class)
                .orShould().callMethod(CompletableFuture.class, "thenRunAsync", Runnable.class)
                .orShould().callMethod(CompletableFuture.class, "thenComposeAsync", Function.class)
                .orShould().callMethod(CompletableFuture.class, "handleAsync", BiFunction.class)
                .orShould().callMethod(CompletableFuture.class, "whenCompleteAsync", BiConsumer.class)
                .orShould().callMethod(CompletableFuture.class, "exceptionallyAsync", Function.class)
                .orShould().callMethod(CompletionStage.class, "thenApplyAsync", Function.class)
                .orShould().callMethod(CompletionStage.class, "thenComposeAsync", Function.class)
                .orShould().callMethod(CompletionStage.class, "whenCompleteAsync", BiConsumer.class)
                .orShould().callMethod(CompletionStage.class, "handleAsync", BiFunction.class)
                .because("a stage without an executor runs on ForkJoinPool.commonPool(), which the component does not own")
                .check(COMPONENT);
    }

    @Test
    void everyPackageHasClasses() {
        for (String name : new String[] { "component", "client", "auth", "stream", "store", "model", "internal.keyed",
                "internal.observe", "internal.client", "internal.auth", "internal.stream" }) {
            assertThat(COMPONENT.that(JavaClass.Predicates.resideInAPackage(ROOT + "." + name))).as(name).isNotEmpty();
        }
    }
}
