package dev.mcpauth.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.AbstractPropertySourceLoader;
import io.micronaut.context.env.PropertySource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BuiltInDefaultsTest {

    @Test
    void propertyWhenNothingElseSetsItThenTheBuiltInDefault() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .propertySources(BuiltInDefaults.propertySource()).build().start()) {
            assertEquals(8080, context.getProperty("micronaut.server.port", Integer.class).orElseThrow());
            assertEquals(List.of("WWW-Authenticate", "Mcp-Session-Id", "MCP-Protocol-Version"), context.getProperty(
                    "micronaut.server.cors.configurations.any-origin.exposed-headers", List.class).orElseThrow());
        }
    }

    @Test
    void propertyWhenAConfigurationFileSetsItThenTheFileWins() {
        // the lowest a configuration file gets: the position of an application.yml on the class path
        PropertySource file = PropertySource.of("application", Map.of("micronaut.server.max-request-size", "2MB",
                "micronaut.server.cors.enabled", false), AbstractPropertySourceLoader.DEFAULT_POSITION);

        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false)
                .propertySources(BuiltInDefaults.propertySource(), file).build().start()) {
            assertEquals("2MB", context.getProperty("micronaut.server.max-request-size", String.class).orElseThrow());
            assertEquals(false, context.getProperty("micronaut.server.cors.enabled", Boolean.class).orElseThrow());
            assertEquals(3600, context.getProperty("micronaut.server.cors.configurations.any-origin.max-age",
                    Integer.class).orElseThrow(), "what the file leaves alone keeps its default");
        }
    }
}
