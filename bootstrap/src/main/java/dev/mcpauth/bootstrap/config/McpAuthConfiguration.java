package dev.mcpauth.bootstrap.config;

import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.domain.app.McpApp;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.mode.AuthMode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The validated configuration: everything under {@code mcpauth}, typed.
 *
 * @param embeddedDefault true when no {@code mcpauth} setting was given at all
 */
public record McpAuthConfiguration(Server server, Auth auth, List<App> apps, boolean embeddedDefault) {

    public List<McpApp> mcpApps() {
        return apps.stream().map(App::app).toList();
    }

    /** {@code mcpauth.server}. */
    public record Server(String name, String version, Optional<String> publicUrl, boolean trustProxy,
                         boolean splitByApp) {
    }

    /** {@code mcpauth.auth}. */
    public record Auth(AuthMode mode, Storage storage, Signing signing,
                       AuthorizationServerSettings.Lifetimes lifetimes, Consent consent, List<User> users,
                       List<Client> clients, AuthorizationServerSettings.Registration registration,
                       Duration sessionTtl, PublicAccess publicAccess, Optional<Transparent> transparent,
                       Secrets secrets, List<dev.mcpauth.domain.resource.Audience> externalResources) {
    }

    /**
     * {@code mcpauth.auth.secrets-key} (base64 AES-256 key) sealing what is stored and must be recovered, and
     * {@code previous-secrets-keys} still accepted for opening after a rotation.
     */
    public record Secrets(Optional<String> key, List<String> previousKeys) {
        @Override
        public String toString() {
            return "Secrets[" + (key.isPresent() ? "configured" : "generated") + ", " + previousKeys.size()
                    + " previous]";
        }
    }

    /**
     * {@code mcpauth.auth.public-access}: what anonymous callers may do.
     *
     * @param tools              the tools they may list and call; empty: all
     * @param rateLimitPerMinute requests per minute per anonymous session; 0: no limit
     */
    public record PublicAccess(Optional<java.util.Set<String>> tools, int rateLimitPerMinute) {
    }

    /**
     * Transparent mode: tokens from the IdP at {@code provider}, checked against its keys.
     *
     * @param expectedAudiences empty: each app's resource URL (needs {@code mcpauth.server.public-url})
     */
    public record Transparent(String issuer, Optional<String> jwksUri, Optional<String> inlineJwks,
                              List<String> additionalIssuers, List<String> expectedAudiences,
                              dev.mcpauth.domain.scope.Scopes requiredScopes, boolean allowAnonymous,
                              boolean forwardToken, Duration refetchInterval, Duration staleGrace, Duration clockSkew) {
    }

    /** {@code mcpauth.auth.token-storage}. */
    public record Storage(StorageType type, Optional<Redis> redis) {
    }

    /**
     * {@code mcpauth.auth.token-storage.config} for Redis: a {@code redis://}, {@code rediss://} or
     * {@code redis-sentinel://} URI, or host and port; or the nodes of a Cluster.
     */
    public record Redis(Optional<String> uri, String host, int port, Optional<String> password, int database,
                        boolean tls, String keyPrefix, List<String> clusterNodes) {
        @Override
        public String toString() {
            return "Redis[" + (uri.isPresent() ? "uri" : host + ":" + port) + ", db " + database + ", tls " + tls
                    + ", prefix " + keyPrefix + ", " + clusterNodes.size() + " cluster nodes]";
        }
    }

    public enum StorageType { MEMORY, REDIS }

    /** {@code mcpauth.auth.signing}. */
    public record Signing(String algorithm, Optional<Path> keyFile) {
    }

    /** {@code mcpauth.auth.consent}. */
    public record Consent(boolean enabled, boolean rememberConsent) {
    }

    /**
     * One of {@code mcpauth.auth.users}: a password hash, or (development only) a plain password to hash at startup.
     */
    public record User(String username, Optional<String> passwordHash, Optional<String> plainPassword,
                       Optional<String> email, Optional<String> name) {
        @Override
        public String toString() {
            return "User[" + username + "]";
        }
    }

    /**
     * One of {@code mcpauth.apps}.
     *
     * @param upstream the MCP server requests are forwarded to; empty: the built-in demo app answers
     * @param identity how the upstream learns who calls
     */
    public record App(McpApp app, Optional<java.net.URI> upstream, Duration connectTimeout, Duration readTimeout,
                      UpstreamIdentity identity) {
    }

    /** {@code mcpauth.apps[].identity}: the {@code X-MCPAuth-*} headers, the signed assertion, or both. */
    public enum UpstreamIdentity {
        BOTH, HEADERS, ASSERTION
    }
}
