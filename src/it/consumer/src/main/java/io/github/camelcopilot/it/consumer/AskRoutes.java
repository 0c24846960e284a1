package io.github.camelcopilot.it.consumer;

import org.apache.camel.builder.RouteBuilder;

/** Java DSL: a question asked in the conversation its header names, answered whole and streamed. */
public class AskRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:ask").routeId("ask")
                .to("copilot:chat")
                .to("seda:answers");

        from("direct:ask-streaming").routeId("ask-streaming")
                .to("copilot:chatOverStream?streamMode=final&updateUri=seda:updates")
                .to("seda:answers");
    }
}
