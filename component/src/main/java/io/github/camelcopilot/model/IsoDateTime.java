package io.github.camelcopilot.model;

import java.io.IOException;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

/**
 * ISO-8601 text for the model's timestamps, named on the fields themselves, so that any ObjectMapper (a route's
 * {@code marshal: json}, a user's own) reads and writes them without registering the Java time module.
 */
final class IsoDateTime {

    private IsoDateTime() {
    }

    static final class Serializer extends StdScalarSerializer<OffsetDateTime> {
        Serializer() {
            super(OffsetDateTime.class);
        }

        @Override
        public void serialize(OffsetDateTime value, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            generator.writeString(value.toString());
        }
    }

    static final class Deserializer extends StdScalarDeserializer<OffsetDateTime> {
        Deserializer() {
            super(OffsetDateTime.class);
        }

        @Override
        public OffsetDateTime deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            return text == null || text.isBlank() ? null : OffsetDateTime.parse(text.trim());
        }
    }
}
