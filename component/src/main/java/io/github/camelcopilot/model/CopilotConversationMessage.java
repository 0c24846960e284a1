package io.github.camelcopilot.model;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A {@code copilotConversationResponseMessage}: the prompt echo or the reply. {@code text} is Markdown with inline
 * entity tags and citation markers; adaptive cards stay raw JSON trees because their schema is open.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class CopilotConversationMessage {

    public static final String ODATA_TYPE = "#microsoft.graph.copilotConversationResponseMessage";

    @JsonProperty("@odata.type")
    private String odataType;
    private String id;
    private String text;
    @JsonSerialize(using = ToStringSerializer.class)
    @JsonDeserialize(using = IsoDateTime.class)
    private OffsetDateTime createdDateTime;
    private List<JsonNode> adaptiveCards = new ArrayList<>();
    private List<CopilotAttribution> attributions = new ArrayList<>();
    private CopilotSensitivityLabel sensitivityLabel;

    public String getOdataType() {
        return odataType;
    }

    public void setOdataType(String odataType) {
        this.odataType = odataType;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text;
    }

    public OffsetDateTime getCreatedDateTime() {
        return createdDateTime;
    }

    public void setCreatedDateTime(OffsetDateTime createdDateTime) {
        this.createdDateTime = createdDateTime;
    }

    public List<JsonNode> getAdaptiveCards() {
        return adaptiveCards;
    }

    public void setAdaptiveCards(List<JsonNode> adaptiveCards) {
        this.adaptiveCards = adaptiveCards == null ? new ArrayList<>() : adaptiveCards;
    }

    public List<CopilotAttribution> getAttributions() {
        return attributions;
    }

    public void setAttributions(List<CopilotAttribution> attributions) {
        this.attributions = attributions == null ? new ArrayList<>() : attributions;
    }

    public CopilotSensitivityLabel getSensitivityLabel() {
        return sensitivityLabel;
    }

    public void setSensitivityLabel(CopilotSensitivityLabel sensitivityLabel) {
        this.sensitivityLabel = sensitivityLabel;
    }

    @Override
    public String toString() {
        return "CopilotConversationMessage[id=" + id + ", textLength=" + (text == null ? 0 : text.length()) + "]";
    }
}
