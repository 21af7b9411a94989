package dev.mcpauth.application.service;

import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.domain.app.McpApp;
import dev.mcpauth.domain.fixtures.TestCodes;
import dev.mcpauth.domain.fixtures.TestGrants;
import dev.mcpauth.domain.mode.SessionMode;
import dev.mcpauth.domain.scope.Scopes;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Settings for service tests: two apps at {@code https://auth.example/mcp} (files) and {@code /docs/mcp} (docs),
 * stateful sessions, no consent page, open loopback-only registration, 3 failures per user per 15 minutes.
 */
final class TestSettings {
    static final String ISSUER = "https://auth.example";
    static final String FILES_RESOURCE = TestCodes.RESOURCE;
    static final String DOCS_RESOURCE = ISSUER + "/docs/mcp";
    static final McpApp FILES = new McpApp("files", "Files", "/mcp", Scopes.of("files:read", "files:write"));
    static final McpApp DOCS = new McpApp("docs", "Docs", "/docs/mcp", Scopes.of("docs:read"));
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);
    static final Duration REFRESH_TOKEN_LIFETIME = TestGrants.REFRESH_LIFETIME;
    static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);
    static final Duration THROTTLE_WINDOW = Duration.ofMinutes(15);

    private TestSettings() {
    }

    static Builder settings() {
        return new Builder();
    }

    static final class Builder {
        private boolean consentEnabled;
        private boolean rememberConsent;
        private SessionMode sessionMode = SessionMode.STATEFUL;
        private boolean registrationEnabled = true;
        private List<String> allowedRedirectUris = List.of();
        private Optional<String> initialAccessToken = Optional.empty();
        private int maxDynamicClients = 100;
        private int maxFailuresPerUser = 3;
        private int maxFailuresPerAddress = 10;

        Builder consent(boolean enabled, boolean remember) {
            this.consentEnabled = enabled;
            this.rememberConsent = remember;
            return this;
        }

        Builder sessionMode(SessionMode sessionMode) {
            this.sessionMode = sessionMode;
            return this;
        }

        Builder registrationEnabled(boolean enabled) {
            this.registrationEnabled = enabled;
            return this;
        }

        Builder allowedRedirectUris(String... globs) {
            this.allowedRedirectUris = List.of(globs);
            return this;
        }

        Builder initialAccessToken(String token) {
            this.initialAccessToken = Optional.of(token);
            return this;
        }

        Builder maxDynamicClients(int max) {
            this.maxDynamicClients = max;
            return this;
        }

        Builder maxFailures(int perUser, int perAddress) {
            this.maxFailuresPerUser = perUser;
            this.maxFailuresPerAddress = perAddress;
            return this;
        }

        AuthorizationServerSettings build() {
            return new AuthorizationServerSettings(
                    new AuthorizationServerSettings.Lifetimes(ACCESS_TOKEN_LIFETIME, REFRESH_TOKEN_LIFETIME,
                            CODE_LIFETIME, PENDING_LIFETIME),
                    consentEnabled, rememberConsent, sessionMode, List.of(FILES, DOCS),
                    new AuthorizationServerSettings.Registration(registrationEnabled, allowedRedirectUris,
                            initialAccessToken, maxDynamicClients),
                    new AuthorizationServerSettings.LoginThrottling(maxFailuresPerUser, maxFailuresPerAddress,
                            THROTTLE_WINDOW), List.of());
        }
    }
}
