package dev.mcpauth.bootstrap.config;

import dev.mcpauth.domain.client.TokenEndpointAuthMethod;
import dev.mcpauth.domain.mode.AuthMode;
import dev.mcpauth.domain.mode.SessionMode;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The configuration as Micronaut's environment delivers it, from flat properties and from a YAML file. */
class ConfigurationReaderTest {

    @Test
    void readWhenNothingConfiguredThenEmbeddedDefaultIsOrchestratedLocalOnMemory() {
        McpAuthConfiguration config = read(Map.of());
        assertTrue(config.embeddedDefault());
        assertInstanceOf(AuthMode.OrchestratedLocal.class, config.auth().mode());
        assertEquals(McpAuthConfiguration.StorageType.MEMORY, config.auth().storage().type());
        assertEquals("ES256", config.auth().signing().algorithm());
        assertEquals(Duration.ofSeconds(60), config.auth().lifetimes().authorizationCode());
        assertEquals(Duration.ofHours(1), config.auth().lifetimes().accessToken());
        assertEquals(Duration.ofDays(30), config.auth().lifetimes().refreshToken());
        assertEquals(1, config.apps().size());
        assertEquals("/mcp", config.apps().get(0).app().path());
        assertTrue(config.auth().registration().enabled());
    }

    @Test
    void readWhenSettingsWithoutAuthThenPublicModeAsInFrontMcp() {
        McpAuthConfiguration config = read(Map.of("mcpauth.server.name", "Mine"));
        assertFalse(config.embeddedDefault());
        AuthMode.Public mode = assertInstanceOf(AuthMode.Public.class, config.auth().mode());
        assertEquals(List.of("anonymous"), List.copyOf(mode.anonymousScopes().values()));
        assertEquals("Mine", config.server().name());
    }

    @Test
    void readWhenAuthWithoutModeThenRefusedRatherThanSilentlyPublic() {
        assertKeyRefused("mcpauth.auth.mode", Map.of("mcpauth.auth.consent.enabled", true));
    }

    @Test
    void readWhenHs256ThenRefusedNamingTheKey() {
        InvalidConfigurationException e = assertKeyRefused("mcpauth.auth.signing.algorithm",
                Map.of("mcpauth.auth.mode", "orchestrated", "mcpauth.auth.signing.algorithm", "HS256"));
        assertTrue(e.getMessage().contains("HS256"), e.getMessage());
    }

    @Test
    void readWhenUnknownModeThenRefused() {
        assertKeyRefused("mcpauth.auth.mode", Map.of("mcpauth.auth.mode", "magic"));
    }

    @Test
    void readWhenCodeLifetimeOverTenMinutesThenRefused() {
        assertKeyRefused("mcpauth.auth.lifetimes.authorization-code",
                Map.of("mcpauth.auth.mode", "orchestrated", "mcpauth.auth.lifetimes.authorization-code", "11m"));
    }

    @Test
    void readWhenDurationMalformedThenRefused() {
        assertKeyRefused("mcpauth.auth.lifetimes.access-token",
                Map.of("mcpauth.auth.mode", "orchestrated", "mcpauth.auth.lifetimes.access-token", "soon"));
    }

    @Test
    void readWhenRedisWithoutAddressThenRefusedNamingTheKey() {
        assertKeyRefused("mcpauth.auth.token-storage.config.host",
                Map.of("mcpauth.auth.mode", "orchestrated", "mcpauth.auth.token-storage.type", "redis"));
    }

    @Test
    void readWhenRedisUriHasWrongSchemeThenRefused() {
        assertKeyRefused("mcpauth.auth.token-storage.config.uri", Map.of("mcpauth.auth.mode", "orchestrated",
                "mcpauth.auth.token-storage.type", "redis", "mcpauth.auth.token-storage.config.uri",
                "http://localhost:6379"));
    }

    @Test
    void readWhenRedisHostGivenThenSettingsRead() {
        McpAuthConfiguration config = read(Map.of("mcpauth.auth.mode", "orchestrated",
                "mcpauth.auth.token-storage.type", "redis", "mcpauth.auth.token-storage.config.host", "cache",
                "mcpauth.auth.token-storage.config.port", 6380, "mcpauth.auth.token-storage.config.key-prefix", "x:",
                "mcpauth.auth.token-storage.config.password", "s3cret"));
        McpAuthConfiguration.Redis redis = config.auth().storage().redis().orElseThrow();
        assertEquals("cache", redis.host());
        assertEquals(6380, redis.port());
        assertEquals("x:", redis.keyPrefix());
        assertFalse(redis.toString().contains("s3cret"));
    }

    @Test
    void readWhenSplitByAppWithServerLevelAuthThenRefused() {
        assertKeyRefused("mcpauth.auth", Map.of("mcpauth.server.split-by-app", true,
                "mcpauth.auth.mode", "orchestrated"));
    }

    @Test
    void readWhenAppPathUsedTwiceThenRefused() {
        assertKeyRefused("mcpauth.apps[1].path", Map.of("mcpauth.apps", List.of(
                Map.of("id", "a", "path", "/x/mcp"), Map.of("id", "b", "path", "/x/mcp"))));
    }

    @Test
    void readWhenAdditionalResourceIsNoHttpUrlThenRefused() {
        assertKeyRefused("mcpauth.auth.additional-resources", Map.of("mcpauth.auth.mode", "orchestrated",
                "mcpauth.auth.additional-resources", List.of("urn:not-a-url")));
    }

    @Test
    void readWhenTransparentWithoutAudienceOrPublicUrlThenRefused() {
        assertKeyRefused("mcpauth.auth.expected-audience", Map.of("mcpauth.auth.mode", "transparent",
                "mcpauth.auth.provider", "https://tenant.example.com/"));
    }

    @Test
    void readWhenTransparentWithoutProviderThenRefused() {
        assertKeyRefused("mcpauth.auth.provider", Map.of("mcpauth.auth.mode", "transparent",
                "mcpauth.auth.expected-audience", List.of("https://mcp.example.com/mcp")));
    }

    @Test
    void readWhenUpstreamIsNoHttpUrlThenRefused() {
        assertKeyRefused("mcpauth.apps[0].upstream", Map.of("mcpauth.apps", List.of(
                Map.of("id", "a", "upstream", "ftp://example.com/mcp"))));
    }

    @Test
    void readWhenAppHasUpstreamWithoutIdentityThenHeadersAndAssertion() {
        McpAuthConfiguration config = read(Map.of("mcpauth.apps", List.of(
                Map.of("id", "a", "upstream", "http://127.0.0.1:9001/mcp"))));
        assertEquals(McpAuthConfiguration.UpstreamIdentity.BOTH, config.apps().get(0).identity());
    }

    @Test
    void readWhenIdentityListsOneFormThenOnlyThat() {
        McpAuthConfiguration assertion = read(Map.of("mcpauth.apps", List.of(Map.of("id", "a",
                "upstream", "http://127.0.0.1:9001/mcp", "identity", List.of("assertion")))));
        McpAuthConfiguration headers = read(Map.of("mcpauth.apps", List.of(Map.of("id", "a",
                "upstream", "http://127.0.0.1:9001/mcp", "identity", "headers"))));
        McpAuthConfiguration both = read(Map.of("mcpauth.apps", List.of(Map.of("id", "a",
                "upstream", "http://127.0.0.1:9001/mcp", "identity", "assertion, headers"))));

        assertEquals(McpAuthConfiguration.UpstreamIdentity.ASSERTION, assertion.apps().get(0).identity());
        assertEquals(McpAuthConfiguration.UpstreamIdentity.HEADERS, headers.apps().get(0).identity());
        assertEquals(McpAuthConfiguration.UpstreamIdentity.BOTH, both.apps().get(0).identity());
    }

    @Test
    void readWhenIdentityIsUnknownOrEmptyOrWithoutUpstreamThenRefused() {
        InvalidConfigurationException unknown = assertKeyRefused("mcpauth.apps[0].identity", Map.of("mcpauth.apps",
                List.of(Map.of("id", "a", "upstream", "http://127.0.0.1:9001/mcp", "identity", List.of("token")))));
        assertTrue(unknown.getMessage().contains("'token'"), unknown.getMessage());
        assertKeyRefused("mcpauth.apps[0].identity", Map.of("mcpauth.apps", List.of(Map.of("id", "a",
                "upstream", "http://127.0.0.1:9001/mcp", "identity", " "))));
        assertKeyRefused("mcpauth.apps[0].identity", Map.of("mcpauth.apps", List.of(Map.of("id", "a",
                "identity", List.of("assertion")))));
    }

    @Test
    void readWhenAppsGivenThenDefaultPathIsIdSlashMcp() {
        McpAuthConfiguration config = read(Map.of("mcpauth.apps", List.of(Map.of("id", "billing"))));
        assertEquals("/billing/mcp", config.apps().get(0).app().path());
    }

    @Test
    void readWhenUserHasUnknownKeyThenRefusedNamingIt() {
        assertKeyRefused("mcpauth.auth.users[0].pasword", Map.of("mcpauth.auth.mode", "orchestrated",
                "mcpauth.auth.users", List.of(Map.of("username", "bob", "pasword", "x"))));
    }

    @Test
    void readWhenUserHasBothPasswordAndHashThenRefused() {
        assertKeyRefused("mcpauth.auth.users[0].password-hash", Map.of("mcpauth.auth.mode", "orchestrated",
                "mcpauth.auth.users", List.of(Map.of("username", "bob", "password", "pw",
                        "password-hash", "$2b$10$abcdefghijklmnopqrstuuAbCdEfGhIjKlMnOpQrStUvWxYz012"))));
    }

    @Test
    void readWhenPasswordHashIsNotArgonOrBcryptThenRefused() {
        assertKeyRefused("mcpauth.auth.users[0].password-hash", Map.of("mcpauth.auth.mode", "orchestrated",
                "mcpauth.auth.users", List.of(Map.of("username", "bob", "password-hash", "5f4dcc3b5aa765d61d83"))));
    }

    @Test
    void readWhenClientRedirectUriIsPlainHttpThenRefused() {
        assertKeyRefused("mcpauth.auth.clients[0].redirect-uris", Map.of("mcpauth.auth.mode", "orchestrated",
                "mcpauth.auth.clients", List.of(Map.of("client-id", "c",
                        "redirect-uris", List.of("http://evil.example/cb")))));
    }

    @Test
    void readWhenClientHasNoSecretThenItIsPublic() {
        McpAuthConfiguration config = read(Map.of("mcpauth.auth.mode", "orchestrated",
                "mcpauth.auth.clients", List.of(Map.of("client-id", "inspector",
                        "redirect-uris", List.of("http://127.0.0.1:6274/oauth/callback")))));
        assertEquals(TokenEndpointAuthMethod.NONE, config.auth().clients().get(0).authMethod());
    }

    @Test
    void readWhenPublicUrlHasQueryThenRefused() {
        assertKeyRefused("mcpauth.server.public-url", Map.of("mcpauth.server.public-url", "https://x.example/?a=b"));
    }

    @Test
    void readWhenPublicUrlHasTrailingSlashThenItIsTrimmed() {
        assertEquals("https://x.example", read(Map.of("mcpauth.server.public-url", "https://x.example/"))
                .server().publicUrl().orElseThrow());
    }

    @Test
    void readWhenKeyFileMissingThenRefused() {
        assertKeyRefused("mcpauth.auth.signing.key-file", Map.of("mcpauth.auth.mode", "orchestrated",
                "mcpauth.auth.signing.key-file", "/nonexistent/key.pem"));
    }

    @Test
    void readWhenYamlFileGivenThenNestedSectionsAndListsAreRead(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path yaml = dir.resolve("mcpauth.yml");
        Files.writeString(yaml, """
                mcpauth:
                  server:
                    name: Yaml server
                  auth:
                    mode: orchestrated
                    type: local
                    session-mode: stateless
                    lifetimes:
                      access-token: 15m
                    consent:
                      enabled: true
                    users:
                      - username: carol
                        password: dev-only-password
                    dcr:
                      allowed-redirect-uris: ["https://app.example/*"]
                      max-dynamic-clients: 5
                  apps:
                    - id: billing
                      name: Billing
                      scopes: [billing.read]
                """);
        // As a user runs it: java -Dmicronaut.config.files=mcpauth.yml -jar mcpauth.jar
        McpAuthConfiguration config;
        System.setProperty("micronaut.config.files", yaml.toString());
        try {
            config = read(Map.of());
        } finally {
            System.clearProperty("micronaut.config.files");
        }
        assertEquals("Yaml server", config.server().name());
        AuthMode.OrchestratedLocal mode = assertInstanceOf(AuthMode.OrchestratedLocal.class, config.auth().mode());
        assertEquals(SessionMode.STATELESS, mode.sessionMode());
        assertEquals(Duration.ofMinutes(15), config.auth().lifetimes().accessToken());
        assertTrue(config.auth().consent().enabled());
        assertEquals("carol", config.auth().users().get(0).username());
        assertEquals(List.of("https://app.example/*"), config.auth().registration().allowedRedirectUris());
        assertEquals(5, config.auth().registration().maxDynamicClients());
        assertEquals("/billing/mcp", config.apps().get(0).app().path());
        assertTrue(config.apps().get(0).app().scopes().contains("billing.read"));
    }

    private static McpAuthConfiguration read(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        try (ApplicationContext context = ApplicationContext.builder().properties(all).deduceEnvironment(false)
                .build().start()) {
            return context.getBean(McpAuthConfiguration.class);
        }
    }

    private static InvalidConfigurationException assertKeyRefused(String key, Map<String, Object> properties) {
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> read(properties));
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof InvalidConfigurationException)) {
            cause = cause.getCause();
        }
        InvalidConfigurationException invalid = assertInstanceOf(InvalidConfigurationException.class, cause,
                "expected an InvalidConfigurationException, got " + thrown);
        assertEquals(key, invalid.key(), invalid.getMessage());
        assertTrue(invalid.getMessage().startsWith(key + ": "), invalid.getMessage());
        return invalid;
    }
}
