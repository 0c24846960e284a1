package io.github.camelcopilot.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one Jackson configuration for the Copilot Chat API's JSON: unknown properties are ignored (the service adds
 * fields without notice), nulls are not sent.
 */
public final class CopilotJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE, false)
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private CopilotJson() {
    }

    /** The shared, thread-safe mapper. Do not reconfigure it; use {@link ObjectMapper#copy()} for variations. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
