package io.github.camelcopilot.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code chat} and {@code chatOverStream}. Only {@code message.text} and {@code locationHint.timeZone}
 * are required by the service; everything else is sent only when set.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class CopilotChatRequest {

    private Message message;
    private LocationHint locationHint;
    private List<ContextItem> additionalContext;
    private ContextualResources contextualResources;
    private ResponseOptions responseOptions;

    /** A request with just the prompt; the component fills the rest from its options. */
    public static CopilotChatRequest ofPrompt(String prompt) {
        CopilotChatRequest request = new CopilotChatRequest();
        request.setMessage(new Message(prompt));
        return request;
    }

    public Message getMessage() {
        return message;
    }

    public void setMessage(Message message) {
        this.message = message;
    }

    public LocationHint getLocationHint() {
        return locationHint;
    }

    public void setLocationHint(LocationHint locationHint) {
        this.locationHint = locationHint;
    }

    public List<ContextItem> getAdditionalContext() {
        return additionalContext;
    }

    public void setAdditionalContext(List<ContextItem> additionalContext) {
        this.additionalContext = additionalContext;
    }

    public ContextualResources getContextualResources() {
        return contextualResources;
    }

    public void setContextualResources(ContextualResources contextualResources) {
        this.contextualResources = contextualResources;
    }

    /** Undocumented in the reference (present in Graph metadata); sent only when the caller sets it. */
    public ResponseOptions getResponseOptions() {
        return responseOptions;
    }

    public void setResponseOptions(ResponseOptions responseOptions) {
        this.responseOptions = responseOptions;
    }

    @Override
    public String toString() {
        // Never the prompt: it may be confidential.
        return "CopilotChatRequest[promptLength="
               + (message == null || message.getText() == null ? 0 : message.getText().length()) + "]";
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Message {
        private String text;

        public Message() {
        }

        public Message(String text) {
            this.text = text;
        }

        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class LocationHint {
        private String timeZone;
        private String countryOrRegion;
        private Double countryOrRegionConfidence;
        private Double latitude;
        private Double longitude;

        public LocationHint() {
        }

        public LocationHint(String timeZone) {
            this.timeZone = timeZone;
        }

        public String getTimeZone() {
            return timeZone;
        }

        public void setTimeZone(String timeZone) {
            this.timeZone = timeZone;
        }

        public String getCountryOrRegion() {
            return countryOrRegion;
        }

        public void setCountryOrRegion(String countryOrRegion) {
            this.countryOrRegion = countryOrRegion;
        }

        public Double getCountryOrRegionConfidence() {
            return countryOrRegionConfidence;
        }

        public void setCountryOrRegionConfidence(Double countryOrRegionConfidence) {
            this.countryOrRegionConfidence = countryOrRegionConfidence;
        }

        public Double getLatitude() {
            return latitude;
        }

        public void setLatitude(Double latitude) {
            this.latitude = latitude;
        }

        public Double getLongitude() {
            return longitude;
        }

        public void setLongitude(Double longitude) {
            this.longitude = longitude;
        }
    }

    /** One item of {@code additionalContext}: extra grounding text. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class ContextItem {
        private String text;
        private String description;

        public ContextItem() {
        }

        public ContextItem(String text) {
            this.text = text;
        }

        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class ContextualResources {
        private List<FileReference> files;
        private WebContext webContext;

        public List<FileReference> getFiles() {
            return files;
        }

        public void setFiles(List<FileReference> files) {
            this.files = files;
        }

        public WebContext getWebContext() {
            return webContext;
        }

        public void setWebContext(WebContext webContext) {
            this.webContext = webContext;
        }
    }

    /** A OneDrive or SharePoint file to ground on. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class FileReference {
        private String uri;

        public FileReference() {
        }

        public FileReference(String uri) {
            this.uri = uri;
        }

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class WebContext {
        private Boolean webEnabled;

        public WebContext() {
        }

        public WebContext(Boolean webEnabled) {
            this.webEnabled = webEnabled;
        }

        @JsonProperty("isWebEnabled")
        public Boolean getWebEnabled() {
            return webEnabled;
        }

        @JsonProperty("isWebEnabled")
        public void setWebEnabled(Boolean webEnabled) {
            this.webEnabled = webEnabled;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class ResponseOptions {
        private Boolean adaptiveCardEnabled;
        private Boolean annotationsEnabled;
        private Boolean deltaStreamingEnabled;

        @JsonProperty("isAdaptiveCardEnabled")
        public Boolean getAdaptiveCardEnabled() {
            return adaptiveCardEnabled;
        }

        @JsonProperty("isAdaptiveCardEnabled")
        public void setAdaptiveCardEnabled(Boolean adaptiveCardEnabled) {
            this.adaptiveCardEnabled = adaptiveCardEnabled;
        }

        @JsonProperty("isAnnotationsEnabled")
        public Boolean getAnnotationsEnabled() {
            return annotationsEnabled;
        }

        @JsonProperty("isAnnotationsEnabled")
        public void setAnnotationsEnabled(Boolean annotationsEnabled) {
            this.annotationsEnabled = annotationsEnabled;
        }

        @JsonProperty("isDeltaStreamingEnabled")
        public Boolean getDeltaStreamingEnabled() {
            return deltaStreamingEnabled;
        }

        @JsonProperty("isDeltaStreamingEnabled")
        public void setDeltaStreamingEnabled(Boolean deltaStreamingEnabled) {
            this.deltaStreamingEnabled = deltaStreamingEnabled;
        }
    }
}
