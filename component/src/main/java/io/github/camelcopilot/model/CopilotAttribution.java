package io.github.camelcopilot.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A citation or annotation of a reply: where a piece of the answer came from. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class CopilotAttribution {

    private String attributionType;
    private String attributionSource;
    private String providerDisplayName;
    private String seeMoreWebUrl;
    private String imageWebUrl;
    private String imageFavIcon;
    private Integer imageWidth;
    private Integer imageHeight;

    /** {@code citation} or {@code annotation}. */
    public String getAttributionType() {
        return attributionType;
    }

    public void setAttributionType(String attributionType) {
        this.attributionType = attributionType;
    }

    /** {@code grounding} or {@code model}. */
    public String getAttributionSource() {
        return attributionSource;
    }

    public void setAttributionSource(String attributionSource) {
        this.attributionSource = attributionSource;
    }

    public String getProviderDisplayName() {
        return providerDisplayName;
    }

    public void setProviderDisplayName(String providerDisplayName) {
        this.providerDisplayName = providerDisplayName;
    }

    public String getSeeMoreWebUrl() {
        return seeMoreWebUrl;
    }

    public void setSeeMoreWebUrl(String seeMoreWebUrl) {
        this.seeMoreWebUrl = seeMoreWebUrl;
    }

    public String getImageWebUrl() {
        return imageWebUrl;
    }

    public void setImageWebUrl(String imageWebUrl) {
        this.imageWebUrl = imageWebUrl;
    }

    public String getImageFavIcon() {
        return imageFavIcon;
    }

    public void setImageFavIcon(String imageFavIcon) {
        this.imageFavIcon = imageFavIcon;
    }

    public Integer getImageWidth() {
        return imageWidth;
    }

    public void setImageWidth(Integer imageWidth) {
        this.imageWidth = imageWidth;
    }

    public Integer getImageHeight() {
        return imageHeight;
    }

    public void setImageHeight(Integer imageHeight) {
        this.imageHeight = imageHeight;
    }

    @Override
    public String toString() {
        return "CopilotAttribution[" + attributionType + ", " + attributionSource + ", " + providerDisplayName + "]";
    }
}
