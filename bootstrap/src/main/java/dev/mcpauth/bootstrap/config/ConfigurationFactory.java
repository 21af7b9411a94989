package dev.mcpauth.bootstrap.config;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Binds the {@code mcpauth} section of Micronaut's environment (YAML files and environment variables). */
@Factory
public class ConfigurationFactory {

    @Singleton
    McpAuthConfiguration configuration(Environment environment, Clock clock) {
        boolean anyConfigured = environment.containsProperties(ConfigurationReader.ROOT);
        return new ConfigurationReader(clock.instant()).read(key -> lookup(environment, key), anyConfigured);
    }

    private static Optional<Object> lookup(Environment environment, String relativeKey) {
        String key = ConfigurationReader.ROOT + "." + relativeKey;
        Optional<Object> value = environment.getProperty(key, Object.class);
        if (value.isPresent()) {
            return value;
        }
        if (environment.containsProperties(key)) {
            return environment.getProperty(key, Map.class).map(map -> (Object) map);
        }
        return Optional.empty();
    }
}
