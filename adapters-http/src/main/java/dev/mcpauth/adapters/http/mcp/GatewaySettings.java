package dev.mcpauth.adapters.http.mcp;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the MCP gateway needs of the configuration beyond {@code HttpSettings}.
 *
 * @param upstreams               by app id, the upstream each app forwards to; an app without one is served by the
 *                                demo app
 * @param publicAccess            what anonymous callers may do (public mode only)
 * @param authenticatesInMemory   whether checking a caller needs no I/O (grants in memory, no IdP keys to fetch):
 *                                the gateway then serves its requests on the event loop they came on, else on a
 *                                blocking worker
 */
public record GatewaySettings(Map<String, UpstreamApp> upstreams, PublicAccess publicAccess,
                              boolean authenticatesInMemory) {
    public GatewaySettings {
        upstreams = Map.copyOf(upstreams);
        Objects.requireNonNull(publicAccess);
    }

    /** Callers checked on a blocking worker, which is always safe. */
    public GatewaySettings(Map<String, UpstreamApp> upstreams, PublicAccess publicAccess) {
        this(upstreams, publicAccess, false);
    }

    /** No upstreams: every app is the demo app; anonymous callers are unrestricted. */
    public static GatewaySettings none() {
        return new GatewaySettings(Map.of(), PublicAccess.unrestricted());
    }

    public Optional<UpstreamApp> upstream(String appId) {
        return Optional.ofNullable(upstreams.get(appId));
    }
}
