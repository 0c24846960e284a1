package io.github.camelcopilot;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import io.github.camelcopilot.component.CopilotComponent;
import org.apache.camel.CatalogCamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.tooling.model.BaseOptionModel;
import org.apache.camel.tooling.model.ComponentModel;
import org.apache.camel.tooling.model.JsonMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated component descriptor is valid for Camel's tooling: Camel's tooling model (what the catalog, Camel
 * JBang and the IDE plugins use) reads it completely, and a CamelContext finds it on the class path as its catalog
 * does. The Kamelets' own checks are in {@code CopilotKameletsTest}.
 */
class ToolingValidityTest {

    @Test
    void theToolingModelReadsTheComponent() throws Exception {
        ComponentModel model = ComponentPage.model();

        assertThat(model.getKind()).hasToString("component");
        assertThat(model.getScheme()).isEqualTo("copilot");
        assertThat(model.getSyntax()).isEqualTo("copilot:operation");
        assertThat(model.getJavaType()).isEqualTo(CopilotComponent.class.getName());
        assertThat(model.getGroupId()).isEqualTo("io.github.camelcopilot");
        assertThat(model.getArtifactId()).isEqualTo("camel-copilot");
        assertThat(model.getTitle()).isNotBlank();
        assertThat(model.getDescription()).isNotBlank();
        assertThat(model.getLabel()).isNotBlank();
        assertThat(model.getFirstVersionShort()).isNotBlank();
        assertThat(model.isProducerOnly()).isTrue();
        assertThat(model.isAsync()).isTrue();
        assertThat(model.getEndpointPathOptions()).extracting(BaseOptionModel::getName).containsExactly("operation");
        assertThat(model.getEndpointPathOptions().get(0).getEnums())
                .containsExactly("createConversation", "chat", "chatOverStream");
    }

    @Test
    void everyOptionAndHeaderHasADescriptionAndAType() throws Exception {
        ComponentModel model = ComponentPage.model();
        List<BaseOptionModel> all = new ArrayList<>();
        all.addAll(model.getComponentOptions());
        all.addAll(model.getEndpointOptions());
        all.addAll(model.getEndpointHeaders());

        assertThat(model.getComponentOptions()).hasSizeGreaterThan(40);
        assertThat(model.getEndpointHeaders()).hasSizeGreaterThan(10);
        assertThat(all).allSatisfy(option -> {
            assertThat(option.getDescription()).as(option.getKind() + " " + option.getName()).isNotBlank();
            assertThat(option.getJavaType()).as(option.getKind() + " " + option.getName()).isNotBlank();
            assertThat(option.getGroup()).as(option.getKind() + " " + option.getName()).isNotBlank();
        });
        assertThat(model.getComponentOptions()).allSatisfy(
                option -> assertThat(option.getType()).as(option.getName()).isNotBlank());
        assertThat(model.getEndpointOptions()).allSatisfy(
                option -> assertThat(option.getType()).as(option.getName()).isNotBlank());
    }

    @Test
    void everyHeaderNamesItsConstant() throws Exception {
        for (ComponentModel.EndpointHeaderModel header : ComponentPage.model().getEndpointHeaders()) {
            String[] constant = header.getConstantName().split("#");
            Field field = Class.forName(constant[0]).getField(constant[1]);
            assertThat(field.get(null)).as(header.getConstantName()).isEqualTo(header.getName());
        }
    }

    @Test
    void theSecretsAreMarkedSecret() throws Exception {
        ComponentModel model = ComponentPage.model();
        List<String> secrets = List.of("accessToken", "clientSecret", "certificatePassword", "proxyPassword");
        assertThat(model.getEndpointParameterOptions()).filteredOn(option -> secrets.contains(option.getName()))
                .hasSize(secrets.size()).allSatisfy(option -> assertThat(option.isSecret()).as(option.getName()).isTrue());
    }

    @Test
    void aCamelContextFindsTheDescriptorOnTheClassPath() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            String found = ((CatalogCamelContext) context).getComponentParameterJsonSchema("copilot");

            assertThat(found).as("the descriptor in the jar, found through META-INF/services")
                    .isEqualToIgnoringWhitespace(Files.readString(ComponentPage.DESCRIPTOR));
            assertThat(JsonMapper.generateComponentModel(found).getScheme()).isEqualTo("copilot");
        }
    }
}
