package io.github.camelcopilot.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A request as the simulator received it, for tests to assert what a client sent.
 *
 * @param method     the HTTP method
 * @param path       the request path (without the query string)
 * @param headers    the request headers, names in lower case
 * @param body       the request body as UTF-8 text ({@code ""} when there was none)
 * @param receivedAt when the simulator received it
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body,
        Instant receivedAt) {

    public RecordedRequest {
        // Lower-case names and immutable lists, whatever the caller passed: header(...) relies on it.
        headers = headers.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        entry -> entry.getKey().toLowerCase(Locale.ROOT),
                        entry -> List.copyOf(entry.getValue()),
                        (first, second) -> Stream.concat(first.stream(), second.stream()).toList()));
    }

    /** The first value of a header (any casing of its name), or null when absent. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
