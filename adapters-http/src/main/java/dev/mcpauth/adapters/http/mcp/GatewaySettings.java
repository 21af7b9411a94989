package dev.mcpauth.adapters.http.mcp;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the MCP gateway needs of the configuration beyond {@code HttpSettings}.
 *
 * @param upstreams    by app id, the upstream each app forwards to; an app without one is served by the demo app
 * @param publicAccess what anonymous callers may do (public mode only)
 */
public record GatewaySettings(Map<String, UpstreamApp> upstreams, PublicAccess publicAccess) {
    public GatewaySettings {
        upstreams = Map.copyOf(upstreams);
        Objects.requireNonNull(publicAccess);
    }

    /** No upstreams: every app is the demo app; anonymous callers are unrestricted. */
    public static GatewaySettings none() {
        return new GatewaySettings(Map.of(), PublicAccess.unrestricted());
    }

    public Optional<UpstreamApp> upstream(String appId) {
        return Optional.ofNullable(upstreams.get(appId));
    }
}
