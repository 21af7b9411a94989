package dev.mcpauth.bootstrap;

import dev.mcpauth.adapters.http.support.HttpSettings;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.bootstrap.config.McpAuthConfiguration;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** What the HTTP adapter needs of the configuration. */
@Factory
public class HttpFactory {

    @Singleton
    HttpSettings httpSettings(McpAuthConfiguration configuration, AuthorizationServerSettings settings) {
        McpAuthConfiguration.Server server = configuration.server();
        return new HttpSettings(server.publicUrl(), server.trustProxy(), server.name(), server.version(),
                configuration.auth().mode(), configuration.mcpApps(), settings.supportedScopes(),
                configuration.auth().registration().enabled(), configuration.auth().sessionTtl());
    }
}
