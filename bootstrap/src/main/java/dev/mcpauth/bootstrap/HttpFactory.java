package dev.mcpauth.bootstrap;

import dev.mcpauth.adapters.http.mcp.GatewaySettings;
import dev.mcpauth.adapters.http.mcp.PublicAccess;
import dev.mcpauth.adapters.http.mcp.UpstreamApp;
import dev.mcpauth.adapters.http.mcp.UpstreamIdentity;
import dev.mcpauth.adapters.http.support.HttpSettings;
import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.bootstrap.config.McpAuthConfiguration;
import dev.mcpauth.domain.mode.AuthMode;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the HTTP adapter needs of the configuration. */
@Factory
public class HttpFactory {

    /** Which apps forward to an upstream MCP server, and what anonymous callers may do. */
    @Singleton
    GatewaySettings gatewaySettings(McpAuthConfiguration configuration) {
        Map<String, UpstreamApp> upstreams = new LinkedHashMap<>();
        boolean forwardToken = configuration.auth().transparent()
                .map(McpAuthConfiguration.Transparent::forwardToken).orElse(false);
        for (McpAuthConfiguration.App app : configuration.apps()) {
            app.upstream().ifPresent(uri -> upstreams.put(app.app().id(),
                    new UpstreamApp(uri, app.connectTimeout(), app.readTimeout(), forwardToken,
                            switch (app.identity()) {
                                case BOTH -> UpstreamIdentity.HEADERS_AND_ASSERTION;
                                case HEADERS -> UpstreamIdentity.HEADERS;
                                case ASSERTION -> UpstreamIdentity.ASSERTION;
                            })));
        }
        McpAuthConfiguration.PublicAccess access = configuration.auth().publicAccess();
        // transparent mode may fetch the IdP's keys; Redis storage answers over the network
        boolean authenticatesInMemory = !(configuration.auth().mode() instanceof AuthMode.Transparent)
                && configuration.auth().storage().type() == McpAuthConfiguration.StorageType.MEMORY;
        return new GatewaySettings(upstreams, new PublicAccess(access.tools(), access.rateLimitPerMinute()),
                authenticatesInMemory);
    }

    @Singleton
    HttpSettings httpSettings(McpAuthConfiguration configuration, AuthorizationServerSettings settings) {
        McpAuthConfiguration.Server server = configuration.server();
        return new HttpSettings(server.publicUrl(), server.trustProxy(), server.name(), server.version(),
                configuration.auth().mode(), configuration.mcpApps(), settings.supportedScopes(),
                configuration.auth().registration().enabled(), configuration.auth().sessionTtl(),
                settings.issuesRefreshTokens());
    }
}
