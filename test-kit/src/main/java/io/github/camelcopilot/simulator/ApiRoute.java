package io.github.camelcopilot.simulator;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which API operation a request path names, in either layout: Graph ({@code /beta/copilot/conversations...}) or
 * Work IQ ({@code /rest/beta/conversations...}), with the short or the qualified action names.
 *
 * @param layout         the path layout, for the {@code @odata.context} of the answer
 * @param operation      create, chat or stream (never ANY)
 * @param conversationId the conversation of a chat or stream call, null for create
 */
record ApiRoute(Layout layout, Fault.Operation operation, String conversationId) {

    /** The two hostings of the API: they differ only in the path prefix. */
    enum Layout {
        GRAPH("/beta", "/copilot/conversations", "copilot/conversations"),
        WORK_IQ("/rest/beta", "/conversations", "conversations");

        final String base;
        final String collection;
        /** The entity set as the {@code @odata.context} of a created conversation names it. */
        final String entitySet;

        Layout(String base, String collection, String entitySet) {
            this.base = base;
            this.collection = collection;
            this.entitySet = entitySet;
        }
    }

    private static final Pattern ACTION = Pattern.compile(
            "/([^/]+)/(?:microsoft\\.graph\\.copilot\\.)?(chat|chatOverStream)");

    /** The route of a (decoded) request path, or empty when it names no API operation. */
    static Optional<ApiRoute> of(String path) {
        for (Layout layout : Layout.values()) {
            String prefix = layout.base + layout.collection;
            if (!path.startsWith(prefix)) {
                continue;
            }
            String rest = path.substring(prefix.length());
            if (rest.isEmpty()) {
                return Optional.of(new ApiRoute(layout, Fault.Operation.CREATE, null));
            }
            Matcher action = ACTION.matcher(rest);
            if (action.matches()) {
                Fault.Operation operation = action.group(2).equals("chat") ? Fault.Operation.CHAT : Fault.Operation.STREAM;
                return Optional.of(new ApiRoute(layout, operation, action.group(1)));
            }
        }
        return Optional.empty();
    }
}
