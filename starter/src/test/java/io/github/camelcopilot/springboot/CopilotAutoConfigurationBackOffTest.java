package io.github.camelcopilot.springboot;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.github.camelcopilot.auth.CopilotTokenProvider;
import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.simulator.CopilotSimulator;
import io.github.camelcopilot.simulator.CopilotSimulatorExtension;
import io.github.camelcopilot.store.CopilotConversationStore;
import io.github.camelcopilot.store.InMemoryConversationStore;
import io.github.camelcopilot.store.JdbcConversationStore;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** What the application's own beans and settings change: the starter backs off, or picks them up. */
class CopilotAutoConfigurationBackOffTest {

    @RegisterExtension
    static CopilotSimulatorExtension simulator = new CopilotSimulatorExtension();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(CamelAutoConfiguration.class,
                    CopilotComponentAutoConfiguration.class));

    private static DataSource h2(String name) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        return dataSource;
    }

    @Test
    void theApplicationsOwnComponentBeanIsLeftAsTheApplicationConfiguredIt() {
        runner.withPropertyValues("camel.component.copilot.base-url=http://127.0.0.1:1/never")
                .withBean("copilot", CopilotComponent.class, CopilotComponent::new)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(ComponentCustomizer.class);
                    CopilotComponent component = context.getBean(CamelContext.class)
                            .getComponent("copilot", CopilotComponent.class);
                    assertThat(component).isSameAs(context.getBean(CopilotComponent.class));
                    assertThat(component.getConfiguration().getBaseUrl()).isEqualTo("https://graph.microsoft.com/beta");
                });
    }

    @Test
    void disabledTheStarterSetsNothing() {
        runner.withPropertyValues("camel.component.copilot.enabled=false",
                        "camel.component.copilot.base-url=http://127.0.0.1:1/never")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(CopilotComponentConfiguration.class);
                    assertThat(context.getBean(CamelContext.class).getComponent("copilot", CopilotComponent.class)
                            .getConfiguration().getBaseUrl()).isEqualTo("https://graph.microsoft.com/beta");
                });
    }

    @Test
    void aJdbcStoreWithoutADataSourceStopsTheApplicationSayingWhy() {
        runner.withPropertyValues("camel.component.copilot.conversation-store-type=jdbc")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("conversation-store-type=jdbc needs one DataSource bean"));
    }

    @Test
    void theApplicationsOwnStoreWinsOverTheJdbcOne() {
        InMemoryConversationStore own = new InMemoryConversationStore();
        runner.withPropertyValues("camel.component.copilot.conversation-store-type=jdbc")
                .withBean(DataSource.class, () -> h2("own-store"))
                .withBean(CopilotConversationStore.class, () -> own)
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(JdbcConversationStore.class);
                    assertThat(context.getBean(CamelContext.class).getComponent("copilot", CopilotComponent.class)
                            .getConfiguration().getConversationStore()).isSameAs(own);
                });
    }

    @Test
    void aStoreNamedByReferenceIsTheOneOfThatName() {
        InMemoryConversationStore chosen = new InMemoryConversationStore();
        runner.withPropertyValues("camel.component.copilot.conversation-store=#chosenStore")
                .withBean("chosenStore", CopilotConversationStore.class, () -> chosen)
                .withBean("otherStore", CopilotConversationStore.class, InMemoryConversationStore::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(CamelContext.class).getComponent("copilot", CopilotComponent.class)
                            .getConfiguration().getConversationStore()).isSameAs(chosen);
                });
    }

    @Test
    void theApplicationsTokenProviderSignsTheCalls() {
        AtomicInteger asked = new AtomicInteger();
        CopilotTokenProvider provider = request -> {
            asked.incrementAndGet();
            return CompletableFuture.completedFuture(CopilotSimulator.DEFAULT_TOKEN);
        };
        runner.withPropertyValues("camel.component.copilot.base-url=" + simulator.baseUrl())
                .withBean(CopilotTokenProvider.class, () -> provider)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ProducerTemplate template = context.getBean(CamelContext.class).createProducerTemplate();
                    String answer = template.requestBody("copilot:chat", "Hello", String.class);
                    assertThat(answer).isNotBlank();
                    assertThat(asked).hasPositiveValue();
                    assertThat(Optional.ofNullable(simulator.simulator().requests().get(0).header("Authorization")))
                            .contains("Bearer " + CopilotSimulator.DEFAULT_TOKEN);
                });
    }
}
