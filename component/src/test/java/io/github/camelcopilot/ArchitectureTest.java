package io.github.camelcopilot;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ForkJoinPool;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arrows point one way inside the component: component → keyed (conversations per key) → observe (meters and spans,
 * told of calls through the client's and the stream's listener interfaces) → auth, stream, client → model; keyed →
 * store → model. The app and the test kit's simulator are other modules, off the component's class path; the component
 * never names them. Read from the compiled classes, so fully qualified names and generated code count too.
 */
class ArchitectureTest {

    private static final String ROOT = "io.github.camelcopilot";
    private static final JavaClasses COMPONENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS) // the test kit is on the test class path
            .importPackages(ROOT);

    @ParameterizedTest
    @CsvSource({
            "component, app simulator",
            "keyed, app simulator component",
            "observe, app simulator component keyed store",
            "client, app simulator component keyed observe",
            "stream, app simulator component keyed client auth observe",
            "auth, app simulator component keyed client stream observe",
            "store, app simulator component keyed client stream auth observe",
            "model, app simulator component keyed client stream auth store observe" })
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
        for (String name : new String[] { "component", "keyed", "observe", "auth", "stream", "client", "store", "model" }) {
            assertThat(COMPONENT.that(JavaClass.Predicates.resideInAPackage(ROOT + "." + name))).as(name).isNotEmpty();
        }
    }
}
