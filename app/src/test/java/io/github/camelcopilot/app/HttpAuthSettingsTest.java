package io.github.camelcopilot.app;

import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP callers' settings: what derives from the tenant, what falls back to the component's sign-in settings. */
class HttpAuthSettingsTest {

    private static PropertiesComponent properties(String... pairs) {
        Properties values = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            values.setProperty(pairs[i], pairs[i + 1]);
        }
        PropertiesComponent component = new DefaultCamelContext().getPropertiesComponent();
        component.setInitialProperties(values);
        return component;
    }

    @Test
    void theTokenChecksDeriveFromTheTenantAndTheAppRegistration() {
        HttpAuthSettings settings = HttpAuthSettings.read(properties(
                "copilot.http.auth.tenantId", "11111111-aaaa-bbbb-cccc-222222222222",
                "copilot.http.auth.clientId", "app-id",
                "copilot.http.auth.clientSecret", "s3cret"), true);
        assertThat(settings.required()).isTrue();
        assertThat(settings.configured()).isTrue();
        assertThat(settings.authority()).isEqualTo("https://login.microsoftonline.com/11111111-aaaa-bbbb-cccc-222222222222/");
        assertThat(settings.issuer()).isEqualTo("https://login.microsoftonline.com/11111111-aaaa-bbbb-cccc-222222222222/v2.0");
        assertThat(settings.audiences()).containsExactly("api://app-id", "app-id");
        assertThat(settings.apiScope()).isEqualTo("api://app-id/access_as_user");
        assertThat(settings.jwksUrl())
                .isEqualTo("https://login.microsoftonline.com/11111111-aaaa-bbbb-cccc-222222222222/discovery/v2.0/keys");
        assertThat(settings.maxPromptLength()).isEqualTo(16_000);
        assertThat(settings.toString()).doesNotContain("s3cret");
    }

    @Test
    void theComponentsSignInSettingsServeWhenTheHttpOnesAreUnsetAndASimulatorGetsTheKeysAndTheBrowser() {
        HttpAuthSettings settings = HttpAuthSettings.read(properties(
                "camel.component.copilot.clientId", "component-app",
                "camel.component.copilot.clientSecret", "component-secret",
                "camel.component.copilot.authority", "https://login.fake.test/contoso",
                "camel.component.copilot.authorityEndpoint", "http://127.0.0.1:8089",
                "copilot.http.auth.audience", "api://custom, custom",
                "copilot.http.auth.scope", "chat"), false);
        assertThat(settings.required()).isFalse();
        assertThat(settings.clientId()).isEqualTo("component-app");
        assertThat(settings.authority()).isEqualTo("https://login.fake.test/contoso/");
        assertThat(settings.audiences()).containsExactly("api://custom", "custom");
        assertThat(settings.apiScope()).isEqualTo("api://component-app/chat");
        assertThat(settings.jwksUrl()).isEqualTo("http://127.0.0.1:8089/contoso/discovery/v2.0/keys");
        assertThat(settings.forBrowser("https://login.fake.test/contoso/oauth2/v2.0/authorize?client_id=x"))
                .isEqualTo("http://127.0.0.1:8089/contoso/oauth2/v2.0/authorize?client_id=x");
    }

    @Test
    void withoutAnAppRegistrationNothingCanBeVerifiedAndTheRequirementCanBeForced() {
        HttpAuthSettings settings = HttpAuthSettings.read(properties("copilot.http.auth.required", "true"), false);
        assertThat(settings.required()).isTrue();
        assertThat(settings.configured()).isFalse();
        assertThat(settings.missing()).contains("copilot.http.auth.clientId");
    }
}
