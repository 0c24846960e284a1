package io.github.camelcopilot.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A Microsoft Graph error body: {@code {"error": {"code", "message", "innerError": {...}}}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public class GraphError {

    private Detail error;

    public Detail getError() {
        return error;
    }

    public void setError(Detail error) {
        this.error = error;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Detail {
        private String code;
        private String message;
        private Inner innerError;

        public String getCode() {
            return code;
        }

        public void setCode(String code) {
            this.code = code;
        }

        /** Not for end users and not stable, says Microsoft; useful in logs all the same. */
        public String getMessage() {
            return message;
        }

        public void setMessage(String message) {
            this.message = message;
        }

        /** The casing varies between {@code innerError} and {@code innererror}: both are read. */
        @JsonAlias("innererror")
        public Inner getInnerError() {
            return innerError;
        }

        @JsonAlias("innererror")
        public void setInnerError(Inner innerError) {
            this.innerError = innerError;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class Inner {
        private String date;
        private String requestId;
        private String clientRequestId;

        public String getDate() {
            return date;
        }

        public void setDate(String date) {
            this.date = date;
        }

        @JsonProperty("request-id")
        public String getRequestId() {
            return requestId;
        }

        @JsonProperty("request-id")
        public void setRequestId(String requestId) {
            this.requestId = requestId;
        }

        @JsonProperty("client-request-id")
        public String getClientRequestId() {
            return clientRequestId;
        }

        @JsonProperty("client-request-id")
        public void setClientRequestId(String clientRequestId) {
            this.clientRequestId = clientRequestId;
        }
    }
}
