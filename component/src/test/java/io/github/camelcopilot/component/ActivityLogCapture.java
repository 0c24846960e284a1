package io.github.camelcopilot.component;

import java.io.StringWriter;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Collects what the component writes to its activity log while a test runs. */
final class ActivityLogCapture implements AutoCloseable {

    private final StringWriter lines = new StringWriter();
    private final WriterAppender appender;
    private final LoggerConfig activity;

    private ActivityLogCapture() {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        Configuration config = logging.getConfiguration();
        appender = WriterAppender.newBuilder().setName("activity-capture-" + UUID.randomUUID()).setTarget(lines)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %m%n").build()).build();
        appender.start();
        // The configuration the activity logger writes through (the project's, unless a test added one for it).
        activity = config.getLoggerConfig(CopilotProducer.ACTIVITY.getName());
        activity.addAppender(appender, Level.INFO, null);
        logging.updateLoggers();
    }

    static ActivityLogCapture start() {
        return new ActivityLogCapture();
    }

    /** Every activity line so far, one a line. */
    String text() {
        String prefix = CopilotProducer.ACTIVITY.getName() + " ";
        return lines.toString().lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        activity.removeAppender(appender.getName());
        logging.updateLoggers();
        appender.stop();
    }
}
