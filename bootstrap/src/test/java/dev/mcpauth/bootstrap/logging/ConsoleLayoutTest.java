package dev.mcpauth.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConsoleLayoutTest {
    private final LoggerContext context = new LoggerContext();

    @Test
    void doLayoutThenTheLinesOfTheConfiguredPattern() {
        PatternLayout pattern = new PatternLayout();
        pattern.setContext(context);
        pattern.setPattern(ConsoleLogConfigurator.PATTERN);
        pattern.start();
        ConsoleLayout layout = new ConsoleLayout();
        layout.setContext(context);
        layout.start();

        IllegalStateException cause = new IllegalStateException("storage down");
        IllegalArgumentException failure = new IllegalArgumentException("cannot refresh", cause);
        failure.addSuppressed(new RuntimeException("also"));
        List<LoggingEvent> events = List.of(
                event("dev.mcpauth.bootstrap.McpAuthApplication", Level.INFO, "mcpauth {} started", null, "0.1.0"),
                event("io.micronaut.http.server.netty.NettyHttpServer", Level.WARN, "slow", null),
                event("x", Level.ERROR, "short logger name and a stack trace", failure),
                event("dev.mcpauth.adapters.http.token.TokenController", Level.DEBUG, "{} and {}", null, "a", 2));
        for (LoggingEvent event : events) {
            assertEquals(pattern.doLayout(event), layout.doLayout(event));
        }
    }

    private LoggingEvent event(String logger, Level level, String message, Throwable throwable, Object... arguments) {
        LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger(logger), level, message,
                throwable, arguments);
        // a time with every field of a different width
        event.setTimeStamp(1_700_000_000_007L);
        return event;
    }
}
