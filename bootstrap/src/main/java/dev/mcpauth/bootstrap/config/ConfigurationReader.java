package dev.mcpauth.bootstrap.config;

import dev.mcpauth.application.settings.AuthorizationServerSettings;
import dev.mcpauth.domain.app.McpApp;
import dev.mcpauth.domain.client.Client;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.client.ClientKind;
import dev.mcpauth.domain.client.RedirectUri;
import dev.mcpauth.domain.client.TokenEndpointAuthMethod;
import dev.mcpauth.domain.error.OAuthException;
import dev.mcpauth.domain.mode.AuthMode;
import dev.mcpauth.domain.mode.SessionMode;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.token.AuthorizationCode;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and validates everything under {@code mcpauth} (see CONFIG.md). Names mirror FrontMCP's options in
 * kebab-case. Any invalid value or combination stops startup with an {@link InvalidConfigurationException} naming
 * the key.
 */
public final class ConfigurationReader {
    static final String ROOT = "mcpauth";

    private static final Set<String> USER_KEYS = Set.of("username", "password-hash", "password", "email", "name");
    private static final Set<String> CLIENT_KEYS = Set.of("client-id", "client-secret-hash", "redirect-uris",
            "token-endpoint-auth-method", "name", "client-name", "scope");
    private static final Set<String> APP_KEYS = Set.of("id", "name", "path", "upstream", "timeouts", "tools",
            "forward-upstream-token", "auth", "scopes", "identity");

    private final Instant startedAt;

    public ConfigurationReader(Instant startedAt) {
        this.startedAt = startedAt;
    }

    /**
     * @param lookup        resolves a key relative to {@code mcpauth} (e.g. {@code auth.mode}) to its raw value
     * @param anyConfigured whether any {@code mcpauth} setting exists at all
     */
    public McpAuthConfiguration read(Function<String, Optional<Object>> lookup, boolean anyConfigured) {
        ConfigNode root = new ConfigNode(ROOT, lookup);
        McpAuthConfiguration.Server server = server(root.child("server"));
        List<McpAuthConfiguration.App> apps = apps(root);
        ConfigNode auth = root.child("auth");
        if (server.splitByApp()) {
            if (root.has("auth")) {
                throw new InvalidConfigurationException(root.key("auth"),
                        "server-level auth is not allowed with mcpauth.server.split-by-app: true; configure auth per app");
            }
            throw new InvalidConfigurationException(root.child("server").key("split-by-app"),
                    "per-app auth is not available in this version yet; set it to false and configure mcpauth.auth");
        }
        if (root.has("auth") && !auth.has("mode")) {
            // Users or clients without a mode would otherwise silently fall back to public mode.
            throw new InvalidConfigurationException(auth.key("mode"),
                    "is required when mcpauth.auth is given (public, transparent or orchestrated)");
        }
        McpAuthConfiguration.Auth authConfig = auth(auth, anyConfigured);
        if (authConfig.transparent().isPresent() && authConfig.transparent().get().expectedAudiences().isEmpty()
                && server.publicUrl().isEmpty()) {
            throw new InvalidConfigurationException(auth.key("expected-audience"),
                    "is required in transparent mode unless mcpauth.server.public-url is set (the audience "
                            + "defaults to each app's resource URL)");
        }
        return new McpAuthConfiguration(server, authConfig, apps, !anyConfigured);
    }

    private static McpAuthConfiguration.Server server(ConfigNode node) {
        Optional<String> publicUrl = node.string("public-url").map(url -> checkPublicUrl(node.key("public-url"), url));
        return new McpAuthConfiguration.Server(node.string("name", "mcpauth"), node.string("version", "0.1.0"),
                publicUrl, node.bool("trust-proxy", false), node.bool("split-by-app", false));
    }

    /** No configuration at all: the embedded default, orchestrated local; configuration without auth: public. */
    private McpAuthConfiguration.Auth auth(ConfigNode node, boolean anyConfigured) {
        String modeKey = node.key("mode");
        String mode = anyConfigured ? node.string("mode", "public").toLowerCase(Locale.ROOT) : "orchestrated";
        SessionMode sessionMode = node.choice("session-mode", SessionMode.class, SessionMode.STATEFUL);
        Duration sessionTtl = node.duration("session-ttl", Duration.ofHours(1));
        positive(node.key("session-ttl"), sessionTtl);
        AuthMode authMode = switch (mode) {
            case "public" -> new AuthMode.Public(scopesOf(node, "anonymous-scopes", List.of("anonymous")), sessionTtl);
            case "orchestrated" -> orchestrated(node, sessionMode);
            case "local", "remote" -> throw new InvalidConfigurationException(modeKey,
                    "use mode: orchestrated with type: " + mode);
            case "transparent" -> {
                McpAuthConfiguration.Transparent t = transparent(node);
                yield new AuthMode.Transparent(t.issuer(), t.requiredScopes(), t.allowAnonymous());
            }
            default -> throw new InvalidConfigurationException(modeKey,
                    "must be public, transparent or orchestrated, not '" + mode + "'");
        };
        if (!"orchestrated".equals(mode) && node.has("type")) {
            throw new InvalidConfigurationException(node.key("type"), "applies to mode orchestrated only");
        }
        return new McpAuthConfiguration.Auth(authMode, storage(node.child("token-storage")),
                signing(node.child("signing")), lifetimes(node.child("lifetimes")), consent(node.child("consent")),
                users(node), clients(node), registration(node.child("dcr")), sessionTtl,
                publicAccess(node.child("public-access")),
                "transparent".equals(mode) ? Optional.of(transparent(node)) : Optional.empty(),
                new McpAuthConfiguration.Secrets(node.string("secrets-key"), node.strings("previous-secrets-keys")),
                externalResources(node));
    }

    private static AuthMode orchestrated(ConfigNode node, SessionMode sessionMode) {
        String type = node.string("type", "local").toLowerCase(Locale.ROOT);
        return switch (type) {
            case "local" -> new AuthMode.OrchestratedLocal(sessionMode);
            case "remote" -> throw new InvalidConfigurationException(node.key("type"),
                    "remote (federated upstream IdPs) is not available in this version yet; use local");
            default -> throw new InvalidConfigurationException(node.key("type"),
                    "must be local or remote, not '" + type + "'");
        };
    }

    /** {@code additional-resources}: resource servers elsewhere (e.g. transparent-mode gateways) trusting us. */
    private static List<Audience> externalResources(ConfigNode node) {
        List<Audience> resources = new ArrayList<>();
        for (String value : node.strings("additional-resources")) {
            checkHttpUrl(node.key("additional-resources"), value);
            resources.add(parse(node.key("additional-resources"), () -> new Audience(value)));
        }
        return resources;
    }

    private static McpAuthConfiguration.PublicAccess publicAccess(ConfigNode node) {
        List<String> tools = node.strings("tools");
        Optional<Set<String>> allowed = tools.isEmpty() || tools.equals(List.of("all"))
                ? Optional.empty() : Optional.of(Set.copyOf(tools));
        return new McpAuthConfiguration.PublicAccess(allowed, node.integer("rate-limit", 60, 0, 1_000_000));
    }

    private static McpAuthConfiguration.Transparent transparent(ConfigNode node) {
        String issuer = node.string("provider").orElseThrow(() -> new InvalidConfigurationException(
                node.key("provider"), "is required in transparent mode: the issuer URL of your identity provider"));
        checkHttpUrl(node.key("provider"), issuer);
        ConfigNode provider = node.child("provider-config");
        Optional<String> jwksUri = provider.string("jwks-uri");
        jwksUri.ifPresent(uri -> checkHttpUrl(provider.key("jwks-uri"), uri));
        Optional<String> inlineJwks = provider.raw("jwks").map(ConfigurationReader::jwksJson);
        List<String> additionalIssuers = provider.strings("additional-issuers");
        if (jwksUri.isPresent() && inlineJwks.isPresent()) {
            throw new InvalidConfigurationException(provider.key("jwks"), "give either jwks or jwks-uri, not both");
        }
        Duration refetch = provider.duration("jwks-refetch-interval", Duration.ofSeconds(30));
        Duration staleGrace = provider.duration("jwks-stale-grace", Duration.ofHours(24));
        Duration skew = provider.duration("clock-skew", Duration.ofSeconds(60));
        positive(provider.key("jwks-refetch-interval"), refetch);
        positive(provider.key("jwks-stale-grace"), staleGrace);
        return new McpAuthConfiguration.Transparent(issuer, jwksUri, inlineJwks, additionalIssuers,
                node.strings("expected-audience"), scopesOf(node, "required-scopes", List.of()),
                node.bool("allow-anonymous", false), node.bool("forward-token", false), refetch, staleGrace, skew);
    }

    /** Inline JWKS: given as a YAML map (or a JSON string); kept as JSON text for the verifier to parse. */
    private static String jwksJson(Object value) {
        if (value instanceof String text) {
            return text;
        }
        return JsonText.of(value);
    }

    private static McpAuthConfiguration.Storage storage(ConfigNode node) {
        McpAuthConfiguration.StorageType type = node.choice("type", McpAuthConfiguration.StorageType.class,
                McpAuthConfiguration.StorageType.MEMORY);
        if (type == McpAuthConfiguration.StorageType.MEMORY) {
            return new McpAuthConfiguration.Storage(type, Optional.empty());
        }
        ConfigNode config = node.child("config");
        Optional<String> uri = config.string("uri");
        List<String> clusterNodes = config.strings("cluster-nodes");
        if (uri.isEmpty() && clusterNodes.isEmpty() && !config.has("host")) {
            throw new InvalidConfigurationException(config.key("host"),
                    "redis storage needs host (and port), uri, or cluster-nodes");
        }
        uri.ifPresent(value -> checkRedisUri(config.key("uri"), value));
        clusterNodes.forEach(value -> checkRedisUri(config.key("cluster-nodes"), value));
        String prefix = config.string("key-prefix", "mcpauth:");
        if (prefix.contains("{") || prefix.contains("}") || prefix.contains(" ")) {
            throw new InvalidConfigurationException(config.key("key-prefix"), "must not contain braces or spaces");
        }
        return new McpAuthConfiguration.Storage(type, Optional.of(new McpAuthConfiguration.Redis(uri,
                config.string("host", "localhost"), config.integer("port", 6379, 1, 65535),
                config.string("password"), config.integer("db", 0, 0, 15), config.bool("tls", false), prefix,
                clusterNodes)));
    }

    private static void checkRedisUri(String key, String value) {
        if (!value.startsWith("redis://") && !value.startsWith("rediss://") && !value.startsWith("redis-sentinel://")
                && !value.startsWith("redis+ssl://") && !value.startsWith("redis+tls://")) {
            throw new InvalidConfigurationException(key,
                    "must be a redis://, rediss:// or redis-sentinel:// URI");
        }
    }

    private static McpAuthConfiguration.Signing signing(ConfigNode node) {
        String algorithm = node.string("algorithm", "ES256").toUpperCase(Locale.ROOT);
        if (algorithm.startsWith("HS")) {
            throw new InvalidConfigurationException(node.key("algorithm"),
                    algorithm + " (a shared secret) is refused: resource servers could forge tokens; use ES256 or RS256");
        }
        if (!algorithm.equals("ES256") && !algorithm.equals("RS256")) {
            throw new InvalidConfigurationException(node.key("algorithm"),
                    "must be ES256 or RS256, not '" + algorithm + "'");
        }
        Optional<Path> keyFile = node.string("key-file").map(Path::of);
        if (keyFile.isPresent() && !Files.isReadable(keyFile.get())) {
            throw new InvalidConfigurationException(node.key("key-file"),
                    "cannot read " + keyFile.get() + " (missing or not readable)");
        }
        return new McpAuthConfiguration.Signing(algorithm, keyFile);
    }

    private static AuthorizationServerSettings.Lifetimes lifetimes(ConfigNode node) {
        Duration access = node.duration("access-token", Duration.ofHours(1));
        Duration refresh = node.duration("refresh-token", Duration.ofDays(30));
        Duration code = node.duration("authorization-code", Duration.ofSeconds(60));
        positive(node.key("access-token"), access);
        positive(node.key("refresh-token"), refresh);
        positive(node.key("authorization-code"), code);
        if (code.compareTo(AuthorizationCode.MAX_LIFETIME) > 0) {
            throw new InvalidConfigurationException(node.key("authorization-code"),
                    "must be at most 10m (OAuth 2.1 §4.1.2)");
        }
        return new AuthorizationServerSettings.Lifetimes(access, refresh, code, Duration.ofMinutes(10));
    }

    private static McpAuthConfiguration.Consent consent(ConfigNode node) {
        return new McpAuthConfiguration.Consent(node.bool("enabled", false), node.bool("remember-consent", true));
    }

    private static List<McpAuthConfiguration.User> users(ConfigNode auth) {
        List<McpAuthConfiguration.User> users = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigNode user : auth.nodes("users")) {
            user.onlyKeys(USER_KEYS);
            String username = user.requiredString("username");
            if (!seen.add(username)) {
                throw new InvalidConfigurationException(user.key("username"), "'" + username + "' is listed twice");
            }
            Optional<String> hash = user.string("password-hash");
            Optional<String> plain = user.string("password");
            if (hash.isPresent() == plain.isPresent()) {
                throw new InvalidConfigurationException(user.key("password-hash"),
                        "give exactly one of password-hash and password");
            }
            if (hash.isPresent() && !isKnownHash(hash.get())) {
                throw new InvalidConfigurationException(user.key("password-hash"),
                        "must be an Argon2id ($argon2id$...) or bcrypt ($2b$...) hash; make one with "
                                + "`java -jar mcpauth.jar hash-password`");
            }
            users.add(new McpAuthConfiguration.User(username, hash, plain, user.string("email"), user.string("name")));
        }
        return users;
    }

    private List<Client> clients(ConfigNode auth) {
        List<Client> clients = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigNode client : auth.nodes("clients")) {
            client.onlyKeys(CLIENT_KEYS);
            String id = client.requiredString("client-id");
            if (!seen.add(id)) {
                throw new InvalidConfigurationException(client.key("client-id"), "'" + id + "' is listed twice");
            }
            Optional<String> secretHash = client.string("client-secret-hash");
            if (secretHash.isPresent() && !isKnownHash(secretHash.get())) {
                throw new InvalidConfigurationException(client.key("client-secret-hash"),
                        "must be an Argon2id or bcrypt hash; make one with `java -jar mcpauth.jar hash-password`");
            }
            TokenEndpointAuthMethod method = client.string("token-endpoint-auth-method")
                    .map(value -> parse(client.key("token-endpoint-auth-method"), () ->
                            TokenEndpointAuthMethod.fromValue(value)))
                    .orElse(secretHash.isPresent() ? TokenEndpointAuthMethod.CLIENT_SECRET_BASIC
                            : TokenEndpointAuthMethod.NONE);
            List<String> uris = client.strings("redirect-uris");
            if (uris.isEmpty()) {
                throw new InvalidConfigurationException(client.key("redirect-uris"), "at least one is required");
            }
            List<RedirectUri> redirectUris = new ArrayList<>();
            for (String uri : uris) {
                redirectUris.add(parse(client.key("redirect-uris"), () -> new RedirectUri(uri)));
            }
            Scopes scope = parse(client.key("scope"), () -> Scopes.parse(client.string("scope", "")));
            clients.add(parse(client.key("client-id"), () -> new Client(new ClientId(id), secretHash, redirectUris,
                    method, client.string("name").or(() -> client.string("client-name")).orElse(id), scope,
                    ClientKind.STATIC, startedAt)));
        }
        return clients;
    }

    private static AuthorizationServerSettings.Registration registration(ConfigNode node) {
        List<String> allowed = node.strings("allowed-redirect-uris");
        for (String glob : allowed) {
            if (!glob.startsWith("https://") && !glob.startsWith("http://127.0.0.1") && !glob.startsWith("http://[::1]")
                    && !glob.startsWith("http://localhost") && !glob.matches("^[a-z][a-z0-9+.-]*\\.[a-z0-9+.-]*:.*")) {
                throw new InvalidConfigurationException(node.key("allowed-redirect-uris"),
                        "'" + glob + "' must start with https://, a loopback http:// address, or a reverse-domain scheme");
            }
        }
        Optional<String> initialAccessToken = node.string("initial-access-token");
        if (initialAccessToken.isPresent() && initialAccessToken.get().length() < 16) {
            throw new InvalidConfigurationException(node.key("initial-access-token"),
                    "must be at least 16 characters");
        }
        return new AuthorizationServerSettings.Registration(node.bool("enabled", true), allowed, initialAccessToken,
                node.integer("max-dynamic-clients", 1000, 0, 10_000_000));
    }

    private static List<McpAuthConfiguration.App> apps(ConfigNode root) {
        List<ConfigNode> nodes = root.nodes("apps");
        if (nodes.isEmpty()) {
            return List.of(new McpAuthConfiguration.App(new McpApp("demo", "Demo", "/mcp", Scopes.of("mcp")),
                    Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(60),
                    McpAuthConfiguration.UpstreamIdentity.BOTH));
        }
        List<McpAuthConfiguration.App> apps = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> paths = new HashSet<>();
        for (ConfigNode node : nodes) {
            node.onlyKeys(APP_KEYS);
            String id = node.requiredString("id");
            if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new InvalidConfigurationException(node.key("id"),
                        "must be 1 to 64 letters, digits, '-' or '_'");
            }
            if (!ids.add(id)) {
                throw new InvalidConfigurationException(node.key("id"), "'" + id + "' is used by another app");
            }
            String path = node.string("path", "/" + id + "/mcp");
            if (!path.matches("(/[A-Za-z0-9._~-]+)+") || path.startsWith("/oauth/") || path.startsWith("/.well-known/")) {
                throw new InvalidConfigurationException(node.key("path"),
                        "must be a path such as /" + id + "/mcp, outside /oauth and /.well-known");
            }
            if (!paths.add(path)) {
                throw new InvalidConfigurationException(node.key("path"), path + " is used by another app");
            }
            if (node.has("auth")) {
                throw new InvalidConfigurationException(node.key("auth"),
                        "per-app auth is not available in this version yet; configure mcpauth.auth");
            }
            Optional<URI> upstream = node.string("upstream").map(url -> checkUpstream(node.key("upstream"), url));
            ConfigNode timeouts = node.child("timeouts");
            Duration connect = timeouts.duration("connect", Duration.ofSeconds(5));
            Duration read = timeouts.duration("read", Duration.ofSeconds(60));
            positive(timeouts.key("connect"), connect);
            positive(timeouts.key("read"), read);
            Scopes scopes = parse(node.key("scopes"), () -> Scopes.of(node.strings("scopes")));
            apps.add(new McpAuthConfiguration.App(new McpApp(id, node.string("name", id), path,
                    node.has("scopes") ? scopes : Scopes.of("mcp")), upstream, connect, read,
                    upstreamIdentity(node, upstream.isPresent())));
        }
        return apps;
    }

    /** {@code identity}: what tells the app's upstream who calls, {@code headers}, {@code assertion} or both. */
    private static McpAuthConfiguration.UpstreamIdentity upstreamIdentity(ConfigNode node, boolean hasUpstream) {
        if (!node.has("identity")) {
            return McpAuthConfiguration.UpstreamIdentity.BOTH;
        }
        String key = node.key("identity");
        if (!hasUpstream) {
            throw new InvalidConfigurationException(key,
                    "applies to an app with an upstream; the built-in demo app needs none");
        }
        boolean headers = false;
        boolean assertion = false;
        for (String value : node.strings("identity")) {
            switch (value) {
                case "headers" -> headers = true;
                case "assertion" -> assertion = true;
                default -> throw new InvalidConfigurationException(key,
                        "must list headers, assertion or both, not '" + value + "'");
            }
        }
        if (!headers && !assertion) {
            throw new InvalidConfigurationException(key, "must list headers, assertion or both");
        }
        return headers && assertion ? McpAuthConfiguration.UpstreamIdentity.BOTH
                : headers ? McpAuthConfiguration.UpstreamIdentity.HEADERS
                : McpAuthConfiguration.UpstreamIdentity.ASSERTION;
    }

    private static Scopes scopesOf(ConfigNode node, String name, List<String> fallback) {
        List<String> values = node.strings(name);
        return parse(node.key(name), () -> Scopes.of(values.isEmpty() ? fallback : values));
    }

    private static URI checkUpstream(String key, String url) {
        URI uri = checkHttpUrl(key, url);
        if (uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new InvalidConfigurationException(key, "must not contain a fragment or user information");
        }
        return uri;
    }

    private static URI checkHttpUrl(String key, String url) {
        try {
            URI uri = new URI(url);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidConfigurationException(key, "must be an http(s) URL with a host, not '" + url + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidConfigurationException(key, "is not a valid URL");
        }
    }

    private static String checkPublicUrl(String key, String url) {
        try {
            URI uri = new URI(url);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new InvalidConfigurationException(key,
                        "must be an http(s) URL with a host and no query or fragment, such as https://mcp.example.com");
            }
        } catch (URISyntaxException e) {
            throw new InvalidConfigurationException(key, "is not a valid URL");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void positive(String key, Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            throw new InvalidConfigurationException(key, "must be positive");
        }
    }

    static boolean isKnownHash(String hash) {
        return hash.startsWith("$argon2id$") || hash.startsWith("$argon2i$") || hash.startsWith("$2a$")
                || hash.startsWith("$2b$") || hash.startsWith("$2y$");
    }

    private static <T> T parse(String key, java.util.function.Supplier<T> supplier) {
        try {
            return supplier.get();
        } catch (OAuthException e) {
            throw new InvalidConfigurationException(key, e.description());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(key, e.getMessage());
        }
    }
}
