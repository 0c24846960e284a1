package io.github.camelcopilot.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A client that is a Camel route per operation, started as {@code direct:<operation>}. Calls go through the direct
 * endpoint's asynchronous producer, so an asynchronous route keeps no thread while its call is in flight and a
 * blocking one blocks the caller, as it would in an application.
 */
abstract class CamelRouteBench implements BenchClient {

    protected final CamelContext context = new DefaultCamelContext();
    private final BenchServer.Front front;
    private final Map<Operation, Endpoint> endpoints = new EnumMap<>(Operation.class);
    private final Map<Operation, AsyncProducer> producers = new EnumMap<>(Operation.class);

    CamelRouteBench(BenchServer.Front front) {
        this.front = front;
    }

    @Override
    public BenchServer.Front front() {
        return front;
    }

    /** Adds the routes and starts the context; each supported operation is a route from direct:&lt;name&gt;. */
    protected final void start(RouteBuilder routes) throws Exception {
        context.addRoutes(routes);
        context.start();
        for (Operation operation : Operation.values()) {
            Endpoint endpoint = context.hasEndpoint(directUri(operation));
            if (endpoint != null) {
                AsyncProducer producer = endpoint.createAsyncProducer();
                producer.start();
                endpoints.put(operation, endpoint);
                producers.put(operation, producer);
            }
        }
    }

    static String directUri(Operation operation) {
        return "direct://" + operation.name().toLowerCase();
    }

    /** The exchange property that carries a call's {@link FirstUpdate} to the route's update consumer. */
    static final String FIRST_UPDATE = "bench.firstUpdate";

    /** The message each call starts with. */
    protected abstract Object body(Operation operation);

    @Override
    public boolean supports(Operation operation) {
        return producers.containsKey(operation);
    }

    @Override
    public CompletableFuture<String> call(Operation operation, FirstUpdate firstUpdate) {
        AsyncProducer producer = producers.get(operation);
        if (producer == null) {
            throw new UnsupportedOperationException(name() + " has no route for " + operation);
        }
        Exchange exchange = endpoints.get(operation).createExchange();
        exchange.getMessage().setBody(body(operation));
        if (firstUpdate != null) {
            exchange.setProperty(FIRST_UPDATE, firstUpdate);
        }
        CompletableFuture<String> result = new CompletableFuture<>();
        producer.process(exchange, doneSync -> {
            if (exchange.getException() != null) {
                result.completeExceptionally(exchange.getException());
            } else {
                result.complete(exchange.getMessage().getBody(String.class));
            }
        });
        return result;
    }

    @Override
    public void close() throws Exception {
        context.close(); // a no-op once closed
    }
}
