package dev.mcpauth.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleLogConfiguratorTest {
    @Test
    void configureThenOneLinePerEventOnStandardOutputAndFrameworksAtWarn() {
        LoggerContext context = new LoggerContext();
        ConsoleLogConfigurator configurator = new ConsoleLogConfigurator();
        configurator.setContext(context);

        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configurator.configure(context));

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        assertEquals(Level.WARN, context.getLogger("io.micronaut.http").getEffectiveLevel());
        assertEquals(Level.WARN, context.getLogger("io.netty").getEffectiveLevel());
        assertEquals(Level.WARN, context.getLogger("io.lettuce.core").getEffectiveLevel());
        assertEquals(Level.INFO, context.getLogger("dev.mcpauth.bootstrap").getEffectiveLevel());
        ConsoleAppender<?> console = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDOUT"));
        assertTrue(console.isStarted());
        @SuppressWarnings("unchecked")
        Encoder<ch.qos.logback.classic.spi.ILoggingEvent> encoder =
                (Encoder<ch.qos.logback.classic.spi.ILoggingEvent>) console.getEncoder();
        ch.qos.logback.classic.spi.LoggingEvent event = new ch.qos.logback.classic.spi.LoggingEvent(
                getClass().getName(), context.getLogger("dev.mcpauth.bootstrap.McpAuthApplication"), Level.INFO,
                "mcpauth {} started", null, new Object[]{"0.1.0"});
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  d\\.m\\.b\\.McpAuthApplication - mcpauth 0\\.1\\.0 "
                + "started\\R"), line);
    }

    @Test
    void configureWhenAConfigurationFileIsNamedThenStepsAside() {
        LoggerContext context = new LoggerContext();
        ConsoleLogConfigurator configurator = new ConsoleLogConfigurator();
        configurator.setContext(context);
        String previous = System.setProperty("logback.configurationFile", "logback-json.xml");
        try {
            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, configurator.configure(context));
        } finally {
            if (previous == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", previous);
            }
        }
        assertFalse(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());
    }

    @Test
    void theTestJvmItselfIsConfiguredByIt() {
        // found through META-INF/services, as in the shaded jar: the framework levels are set
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertEquals(Level.WARN, context.getLogger("io.netty").getLevel());
        assertInstanceOf(ConsoleAppender.class, context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT"));
    }
}
