package dev.mcpauth.bootstrap;

import io.micronaut.context.env.AbstractPropertySourceLoader;
import io.micronaut.context.env.PropertySource;

import java.util.List;
import java.util.Map;

/**
 * The Micronaut settings mcpauth starts with unless a configuration file, the environment or a system property says
 * otherwise: what an {@code application.yml} in the jar would hold, kept in code because Micronaut reads a class path
 * resource from a jar by opening the jar as a zip file system (to check it is not a directory), which for the
 * 21k-entry fat jar cost a cold start more than 100 ms.
 */
final class BuiltInDefaults {
    /** Below the class path's {@code application.yml} (-300), the configuration files and everything else. */
    static final int ORDER = AbstractPropertySourceLoader.DEFAULT_POSITION - 100;

    private BuiltInDefaults() {
    }

    static PropertySource propertySource() {
        return PropertySource.of("mcpauth-defaults", Map.of(
                "micronaut.application.name", "mcpauth",
                "micronaut.server.port", 8080,
                "micronaut.server.max-request-size", "1MB",
                // Browser-based MCP clients (the MCP Inspector, web apps) call discovery, registration, the token
                // endpoint and the MCP endpoint from their own origin. No credentials are allowed cross-origin: the
                // only cookie, the pages' CSRF cookie, is SameSite=Strict, and every API call carries its own bearer
                // token or client credentials.
                "micronaut.server.cors.enabled", true,
                "micronaut.server.cors.configurations.any-origin.allowed-methods",
                List.of("GET", "POST", "DELETE", "OPTIONS"),
                "micronaut.server.cors.configurations.any-origin.exposed-headers",
                List.of("WWW-Authenticate", "Mcp-Session-Id", "MCP-Protocol-Version"),
                "micronaut.server.cors.configurations.any-origin.allow-credentials", false,
                "micronaut.server.cors.configurations.any-origin.max-age", 3600), ORDER);
    }
}
