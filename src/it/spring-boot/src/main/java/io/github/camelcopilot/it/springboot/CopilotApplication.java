package io.github.camelcopilot.it.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The application: Camel Spring Boot runs routes/*.yaml and the RouteBuilder beans; the rest is application.yml. */
@SpringBootApplication
public class CopilotApplication {

    public static void main(String[] args) {
        SpringApplication.run(CopilotApplication.class, args);
    }
}
