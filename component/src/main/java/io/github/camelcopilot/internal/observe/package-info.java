/**
 * Internal: the component's meters and spans. The client, stream and keyed-conversation code report through small
 * hooks ({@link io.github.camelcopilot.internal.client.CallListener},
 * {@link io.github.camelcopilot.internal.stream.StreamListener}, {@link CopilotMeters}); this package turns that into
 * Micrometer meters and span attributes, needing neither library at run time.
 */
package io.github.camelcopilot.internal.observe;
