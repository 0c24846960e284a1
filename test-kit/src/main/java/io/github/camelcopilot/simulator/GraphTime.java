package io.github.camelcopilot.simulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Timestamps written the way Graph writes them. */
final class GraphTime {

    /** Resource timestamps: seven fraction digits and {@code Z}, e.g. {@code 2025-09-29T18:48:20.2893987Z}. */
    private static final DateTimeFormatter RESOURCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);
    /** The {@code innerError.date} of error bodies: whole seconds, no zone, e.g. {@code 2025-09-29T18:48:20}. */
    private static final DateTimeFormatter ERROR_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private GraphTime() {
    }

    static String resource(Instant instant) {
        return RESOURCE.format(instant);
    }

    static String errorDate(Instant instant) {
        return ERROR_DATE.format(instant);
    }

    /** Now, but strictly after {@code previous} at Graph's 100 ns resolution, so successive values always differ. */
    static Instant after(Instant previous) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return previous == null || now.isAfter(previous) ? now : previous.plusNanos(100);
    }
}
