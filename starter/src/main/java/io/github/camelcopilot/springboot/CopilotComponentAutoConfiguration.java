package io.github.camelcopilot.springboot;

import java.util.Map;

import javax.sql.DataSource;

import io.github.camelcopilot.component.CopilotComponent;
import io.github.camelcopilot.store.CopilotConversationStore;
import io.github.camelcopilot.store.JdbcConversationStore;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * The copilot component in Camel Spring Boot: every option set under {@code camel.component.copilot} (relaxed
 * binding: {@code base-url} in {@code application.yml}, {@code CAMEL_COMPONENT_COPILOT_BASEURL} in the environment)
 * is applied to the component Camel creates, as Camel Main applies {@code camel.component.copilot.*}; unset options
 * keep the component's defaults. It backs off when the application defines a {@link CopilotComponent} bean itself, and
 * with {@code camel.component.copilot.enabled=false}.
 * <p>
 * Beans of the application are the component's as in Camel Main: a single {@link CopilotConversationStore} or
 * {@code CopilotTokenProvider} is autowired, and {@code #name} names one. With
 * {@code camel.component.copilot.conversation-store-type=jdbc} and no store bean of the application's, the store is a
 * {@link JdbcConversationStore} on the application's {@link DataSource}.
 * <p>
 * The component's health check needs nothing here: it is registered in Camel's health-check registry, which Camel
 * Spring Boot reports through Actuator, and runs where producer checks are enabled
 * ({@code camel.health.producers-enabled=true}), off by default as in Camel Main.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class,
                   afterName = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ ComponentConfigurationProperties.class, CopilotComponentConfiguration.class })
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.copilot" })
public class CopilotComponentAutoConfiguration {

    @Lazy
    @Bean
    @ConditionalOnMissingBean(CopilotComponent.class)
    public ComponentCustomizer configureCopilotComponent(ApplicationContext applicationContext,
                                                         CopilotComponentConfiguration configuration) {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                apply((CopilotComponent) target, configuration.componentOptions());
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return target instanceof CopilotComponent && HierarchicalPropertiesEvaluator.evaluate(applicationContext,
                        "camel.component.customizer", "camel.component.copilot.customizer");
            }
        };
    }

    @Bean
    @ConditionalOnProperty(prefix = "camel.component.copilot", name = "conversation-store-type", havingValue = "jdbc")
    @ConditionalOnMissingBean(CopilotConversationStore.class)
    public JdbcConversationStore copilotConversationStore(ObjectProvider<DataSource> dataSources,
                                                          CopilotComponentConfiguration configuration) {
        DataSource dataSource = dataSources.getIfUnique();
        if (dataSource == null) {
            throw new IllegalStateException("camel.component.copilot.conversation-store-type=jdbc needs one DataSource"
                                            + " bean (spring.datasource.* with spring-boot-starter-jdbc), or a"
                                            + " CopilotConversationStore bean of the application's");
        }
        return new JdbcConversationStore(dataSource, configuration.getConversationStoreTable());
    }

    @Bean
    @ConfigurationPropertiesBinding
    static CopilotBeanReferenceConverter copilotBeanReferenceConverter(ApplicationContext applicationContext) {
        return new CopilotBeanReferenceConverter(applicationContext);
    }

    /**
     * Sets each option through the component's generated configurer. A value that does not fit is reported by the
     * option's name, and a secret's value never appears in the message.
     */
    static void apply(CopilotComponent component, Map<String, Object> options) {
        ServiceHelper.initService(component);
        PropertyConfigurer configurer = component.getComponentPropertyConfigurer();
        for (Map.Entry<String, Object> option : options.entrySet()) {
            String name = option.getKey();
            boolean set;
            try {
                set = PropertyBindingSupport.build().withConfigurer(configurer).withIgnoreCase(true)
                        .withReference(false).bind(component.getCamelContext(), component, name, option.getValue());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(CopilotComponentConfiguration.SECRET_OPTIONS.contains(name)
                        ? "Invalid camel.component.copilot." + name + " (a secret: its value is not shown)"
                        : "Invalid camel.component.copilot." + name + ": " + e.getMessage(), null);
            }
            if (!set) {
                throw new IllegalArgumentException("The copilot component has no option " + name);
            }
        }
    }
}
