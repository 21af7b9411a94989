package dev.mcpauth.adapters.http.support;

import dev.mcpauth.domain.app.McpApp;
import dev.mcpauth.domain.mode.AuthMode;
import dev.mcpauth.domain.scope.Scopes;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the HTTP layer needs to know of the configuration.
 *
 * @param publicUrl       the base of issuer and resource URLs; empty: derived from each request's Host
 * @param trustProxy      honour {@code X-Forwarded-Host}/{@code X-Forwarded-Proto} when deriving URLs
 * @param scopesSupported the scopes advertised in the authorization server metadata
 * @param mcpSessionTtl   how long an MCP session lives
 * @param issuesRefreshTokens whether the token endpoint issues refresh tokens (not with stateless sessions), so
 *                        whether the metadata and registrations name the {@code refresh_token} grant
 */
public record HttpSettings(
        Optional<String> publicUrl,
        boolean trustProxy,
        String serverName,
        String serverVersion,
        AuthMode mode,
        List<McpApp> apps,
        Scopes scopesSupported,
        boolean registrationEnabled,
        Duration mcpSessionTtl,
        boolean issuesRefreshTokens) {

    public HttpSettings {
        Objects.requireNonNull(publicUrl);
        Objects.requireNonNull(mode);
        apps = List.copyOf(apps);
        Objects.requireNonNull(scopesSupported);
        Objects.requireNonNull(mcpSessionTtl);
    }

    /** The grant types the token endpoint can complete (RFC 8414 {@code grant_types_supported}). */
    public List<String> grantTypes() {
        return issuesRefreshTokens ? List.of("authorization_code", "refresh_token") : List.of("authorization_code");
    }

    public Optional<McpApp> appAt(String path) {
        return apps.stream().filter(app -> app.path().equals(path)).findFirst();
    }
}
