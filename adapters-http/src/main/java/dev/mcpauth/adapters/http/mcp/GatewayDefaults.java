package dev.mcpauth.adapters.http.mcp;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

/** Until a host provides its own {@link GatewaySettings}: no upstreams, no limits. */
@Factory
final class GatewayDefaults {
    @Singleton
    @Secondary
    GatewaySettings noUpstreams() {
        return GatewaySettings.none();
    }
}
