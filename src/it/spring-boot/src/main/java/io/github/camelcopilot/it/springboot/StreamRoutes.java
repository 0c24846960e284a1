package io.github.camelcopilot.it.springboot;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Java DSL: a question answered over a stream, every update relayed to seda:updates as it is written. */
@Component
public class StreamRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("direct:ask-streaming").routeId("ask-streaming")
                .to("copilot:chatOverStream?streamMode=final&updateUri=seda:updates");
    }
}
