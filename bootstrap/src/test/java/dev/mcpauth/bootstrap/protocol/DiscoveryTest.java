package dev.mcpauth.bootstrap.protocol;

import dev.mcpauth.bootstrap.support.Http;
import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery documents: RFC 8414 metadata (and its OpenID Connect alias), the JWKS, RFC 9728 resource metadata. */
class DiscoveryTest {
    private static TestServer server;
    private static Http http;
    private static String base;

    @BeforeAll
    static void start() {
        server = TestServer.orchestratedLocal();
        http = new Http(server.baseUrl());
        base = server.baseUrl();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void metadataWhenRequestedThenDescribesThisAuthorizationServer() {
        HttpResponse<String> response = http.get("/.well-known/oauth-authorization-server");

        assertEquals(200, response.statusCode());
        Map<String, Object> metadata = Http.json(response);
        assertEquals(base, metadata.get("issuer"));
        assertEquals(base + "/oauth/authorize", metadata.get("authorization_endpoint"));
        assertEquals(base + "/oauth/token", metadata.get("token_endpoint"));
        assertEquals(base + "/oauth/register", metadata.get("registration_endpoint"));
        assertEquals(base + "/oauth/revoke", metadata.get("revocation_endpoint"));
        assertEquals(base + "/.well-known/jwks.json", metadata.get("jwks_uri"));
        assertEquals(List.of("S256"), metadata.get("code_challenge_methods_supported"));
        assertEquals(List.of("authorization_code", "refresh_token"), metadata.get("grant_types_supported"));
        assertEquals(List.of("code"), metadata.get("response_types_supported"));
        assertEquals(Boolean.TRUE, metadata.get("authorization_response_iss_parameter_supported"));
        assertTrue(((List<?>) metadata.get("scopes_supported")).contains("mcp"), response.body());
        assertEquals(Set.of("none", "client_secret_basic", "client_secret_post"),
                Set.copyOf((List<?>) metadata.get("token_endpoint_auth_methods_supported")));
    }

    /** session-mode stateless issues no refresh token, so the metadata must not promise the grant (RFC 8414 §2). */
    @Test
    void metadataWhenStatelessThenOnlyTheAuthorizationCodeGrant() {
        try (TestServer stateless = TestServer.orchestratedLocal(Map.of("mcpauth.auth.session-mode", "stateless"))) {
            HttpResponse<String> response = new Http(stateless.baseUrl()).get("/.well-known/oauth-authorization-server");

            assertEquals(200, response.statusCode());
            assertEquals(List.of("authorization_code"), Http.json(response).get("grant_types_supported"));
        }
    }

    @Test
    void openIdConfigurationWhenRequestedThenSameDocument() {
        HttpResponse<String> oauth = http.get("/.well-known/oauth-authorization-server");
        HttpResponse<String> openId = http.get("/.well-known/openid-configuration");

        assertEquals(200, openId.statusCode());
        assertEquals(Http.json(oauth), Http.json(openId));
    }

    @Test
    void metadataWhenPathInsertedForAnotherIssuerThenNotFound() {
        HttpResponse<String> response = http.get("/.well-known/oauth-authorization-server/tenant");

        assertEquals(404, response.statusCode());
    }

    @Test
    void jwksWhenRequestedThenPublishesPublicEs256KeysOnly() {
        HttpResponse<String> response = http.get("/.well-known/jwks.json");

        assertEquals(200, response.statusCode());
        List<?> keys = (List<?>) Http.json(response).get("keys");
        assertFalse(keys.isEmpty(), response.body());
        for (Object item : keys) {
            Map<?, ?> key = (Map<?, ?>) item;
            assertTrue(key.get("kid") instanceof String kid && !kid.isBlank(), response.body());
            assertEquals("ES256", key.get("alg"));
            assertEquals("EC", key.get("kty"));
            assertEquals("P-256", key.get("crv"));
            assertTrue(key.containsKey("x") && key.containsKey("y"), response.body());
            for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi", "k")) {
                assertFalse(key.containsKey(privatePart), () -> "private member " + privatePart + ": " + key);
            }
        }
    }

    @Test
    void protectedResourceMetadataWhenRootThenNamesMcpEndpointAndThisServer() {
        assertProtectedResourceMetadata(http.get("/.well-known/oauth-protected-resource"));
    }

    @Test
    void protectedResourceMetadataWhenPathInsertedThenNamesMcpEndpointAndThisServer() {
        assertProtectedResourceMetadata(http.get("/.well-known/oauth-protected-resource/mcp"));
    }

    @Test
    void protectedResourceMetadataWhenUnknownPathThenNotFound() {
        HttpResponse<String> response = http.get("/.well-known/oauth-protected-resource/other/mcp");

        assertEquals(404, response.statusCode());
        assertFalse(response.body().contains("\"resource\""), response.body());
    }

    private static void assertProtectedResourceMetadata(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> metadata = Http.json(response);
        assertEquals(base + "/mcp", metadata.get("resource"));
        assertEquals(List.of(base), metadata.get("authorization_servers"));
        assertEquals(List.of("mcp"), metadata.get("scopes_supported"));
        assertEquals(List.of("header"), metadata.get("bearer_methods_supported"));
    }
}
