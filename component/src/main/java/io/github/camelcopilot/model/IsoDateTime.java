package io.github.camelcopilot.model;

import java.io.IOException;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

/**
 * Reads the model's ISO-8601 timestamps, named on the fields themselves (written with Jackson's
 * {@code ToStringSerializer}), so that any ObjectMapper (a route's {@code marshal: json}, a user's own) handles them
 * without registering the Java time module.
 */
final class IsoDateTime extends StdScalarDeserializer<OffsetDateTime> {

    IsoDateTime() {
        super(OffsetDateTime.class);
    }

    @Override
    public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String text = parser.getValueAsString();
        return text == null || text.isBlank() ? null : OffsetDateTime.parse(text.trim());
    }
}
