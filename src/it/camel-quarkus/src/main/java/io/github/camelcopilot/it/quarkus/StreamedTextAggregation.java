package io.github.camelcopilot.it.quarkus;

import io.github.camelcopilot.stream.CopilotStreamUpdate;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Folds the split stream's updates back into the answer ({@link CopilotStreamUpdate#applyTo(String)}), counting them
 * in header {@value #UPDATES}, so the test can tell that the answer arrived in pieces and was put together right.
 * A CDI bean: the YAML route refers to it by name, as it would to a bean of a Camel K integration.
 */
@Singleton
@Named("streamedText")
public class StreamedTextAggregation implements AggregationStrategy {

    public static final String UPDATES = "streamedUpdates";
    public static final String LAST_SEEN = "streamedLastSeen";

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        CopilotStreamUpdate update = newExchange.getMessage().getBody(CopilotStreamUpdate.class);
        if (update == null) {
            throw new IllegalStateException("not a stream update: " + newExchange.getMessage().getBody());
        }
        Exchange result = oldExchange == null ? newExchange : oldExchange;
        String textSoFar = oldExchange == null ? "" : oldExchange.getMessage().getBody(String.class);
        int updates = oldExchange == null ? 0 : oldExchange.getMessage().getHeader(UPDATES, Integer.class);
        result.getMessage().setBody(update.applyTo(textSoFar));
        result.getMessage().setHeader(UPDATES, updates + 1);
        result.getMessage().setHeader(LAST_SEEN, update.isLast());
        return result;
    }
}
