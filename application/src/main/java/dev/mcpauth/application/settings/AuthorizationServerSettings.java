package dev.mcpauth.application.settings;

import dev.mcpauth.domain.app.McpApp;
import dev.mcpauth.domain.mode.SessionMode;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AuthorizationCode;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The authorization server's policy, as configured: lifetimes, consent, sessions, apps, registration, login
 * throttling, and the external resources it also issues tokens for.
 */
public record AuthorizationServerSettings(
        Lifetimes lifetimes,
        boolean consentEnabled,
        boolean rememberConsent,
        SessionMode sessionMode,
        List<McpApp> apps,
        Registration registration,
        LoginThrottling loginThrottling,
        List<Audience> externalResources) {

    /** Scopes every deployment knows besides the apps' own (OpenID Connect's profile scopes for userinfo). */
    public static final Scopes STANDARD_SCOPES = Scopes.of("openid", "profile", "email", "offline_access");

    public AuthorizationServerSettings {
        Objects.requireNonNull(lifetimes);
        Objects.requireNonNull(sessionMode);
        apps = List.copyOf(apps);
        if (apps.isEmpty()) {
            throw new IllegalArgumentException("at least one app is needed");
        }
        Objects.requireNonNull(registration);
        Objects.requireNonNull(loginThrottling);
        externalResources = List.copyOf(externalResources);
    }

    public Scopes supportedScopes() {
        Scopes all = STANDARD_SCOPES;
        for (McpApp app : apps) {
            all = all.union(app.scopes());
        }
        return all;
    }

    /** The scopes an app needs, for {@code WWW-Authenticate} and the default of a request naming none. */
    public Scopes appScopes() {
        Scopes all = Scopes.empty();
        for (McpApp app : apps) {
            all = all.union(app.scopes());
        }
        return all;
    }

    /**
     * The resources tokens may be issued for: this server's apps, and resource servers elsewhere that trust this
     * server (for example mcpauth instances in transparent mode in front of other MCP servers).
     */
    public List<Audience> resources(String baseUrl) {
        List<Audience> all = new java.util.ArrayList<>(apps.stream().map(app -> app.resource(baseUrl)).toList());
        all.addAll(externalResources);
        return List.copyOf(all);
    }

    public Optional<McpApp> appForResource(String baseUrl, Audience resource) {
        return apps.stream().filter(app -> app.resource(baseUrl).equals(resource)).findFirst();
    }

    public boolean issuesRefreshTokens() {
        return sessionMode == SessionMode.STATEFUL;
    }

    /** How long each artifact lives. */
    public record Lifetimes(Duration accessToken, Duration refreshToken, Duration authorizationCode,
                            Duration pendingAuthorization) {
        public Lifetimes {
            requirePositive(accessToken, "access-token");
            requirePositive(refreshToken, "refresh-token");
            requirePositive(authorizationCode, "authorization-code");
            requirePositive(pendingAuthorization, "pending authorization");
            if (authorizationCode.compareTo(AuthorizationCode.MAX_LIFETIME) > 0) {
                throw new IllegalArgumentException("authorization-code lifetime is at most 10 minutes");
            }
        }

        private static void requirePositive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " lifetime must be positive");
            }
        }
    }

    /**
     * Dynamic client registration policy (RFC 7591).
     *
     * @param allowedRedirectUris globs ({@code *} matches any run of characters); empty: loopback only
     * @param initialAccessToken  when present, registration needs it as a bearer token (RFC 7591 §3)
     */
    public record Registration(boolean enabled, List<String> allowedRedirectUris,
                               Optional<String> initialAccessToken, int maxDynamicClients) {
        public Registration {
            allowedRedirectUris = List.copyOf(allowedRedirectUris);
            Objects.requireNonNull(initialAccessToken);
            if (maxDynamicClients < 0) {
                throw new IllegalArgumentException("max-dynamic-clients must not be negative");
            }
        }
    }

    /** After {@code maxFailures} failed logins within {@code window}, per user or per address, logins wait. */
    public record LoginThrottling(int maxFailuresPerUser, int maxFailuresPerAddress, Duration window) {
    }
}
