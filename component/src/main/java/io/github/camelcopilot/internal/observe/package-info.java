/**
 * Internal: the component's meters and spans, in one place. The client, stream and keyed-conversation code report
 * what happens through small hooks ({@link io.github.camelcopilot.internal.client.CallListener},
 * {@link io.github.camelcopilot.internal.stream.StreamListener}, {@link CopilotMeters}); this package turns that into
 * Micrometer meters (only when a {@code MeterRegistry} is in the Camel registry: {@link MicrometerMeters} is the one
 * class that names Micrometer, loaded only then) and into attributes and events of the span camel-telemetry opens for
 * a {@code copilot:} call ({@link CopilotSpanDecorator}, found by camel-telemetry through {@code ServiceLoader}, read
 * only when camel-telemetry is on the class path). Neither library is needed at run time. Not an API.
 */
package io.github.camelcopilot.internal.observe;
