package io.github.camelcopilot.it.consumer;

import org.apache.camel.main.Main;

/** A user's Camel Main application: the Java DSL routes of this package and the YAML routes of routes/. */
public final class ConsumerApplication {

    private ConsumerApplication() {
    }

    public static void main(String[] args) throws Exception {
        new Main(ConsumerApplication.class).run(args);
    }
}
