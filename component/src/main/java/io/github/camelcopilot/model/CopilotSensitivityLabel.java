package io.github.camelcopilot.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The sensitivity label of a reply; always present on replies, every field null when no label applies. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class CopilotSensitivityLabel {

    private String sensitivityLabelId;
    private String displayName;
    private String tooltip;
    private Integer priority;
    private String color;
    private Boolean isEncrypted;

    public String getSensitivityLabelId() {
        return sensitivityLabelId;
    }

    public void setSensitivityLabelId(String sensitivityLabelId) {
        this.sensitivityLabelId = sensitivityLabelId;
    }

    public String getDisplayName() {
        return displayName;
    }

    public void setDisplayName(String displayName) {
        this.displayName = displayName;
    }

    public String getTooltip() {
        return tooltip;
    }

    public void setTooltip(String tooltip) {
        this.tooltip = tooltip;
    }

    public Integer getPriority() {
        return priority;
    }

    public void setPriority(Integer priority) {
        this.priority = priority;
    }

    public String getColor() {
        return color;
    }

    public void setColor(String color) {
        this.color = color;
    }

    public Boolean getIsEncrypted() {
        return isEncrypted;
    }

    public void setIsEncrypted(Boolean isEncrypted) {
        this.isEncrypted = isEncrypted;
    }

    @Override
    public String toString() {
        return "CopilotSensitivityLabel[" + sensitivityLabelId + ", " + displayName + "]";
    }
}
