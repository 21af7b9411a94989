package dev.mcpauth.bootstrap.transparent;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.mcpauth.bootstrap.gateway.UpstreamMcpServer;
import dev.mcpauth.bootstrap.support.Http;
import dev.mcpauth.bootstrap.support.McpCalls;
import dev.mcpauth.bootstrap.support.TestJson;
import dev.mcpauth.bootstrap.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transparent mode through real HTTP: mcpauth in front of an MCP endpoint accepts bearer tokens of an existing IdP
 * (a {@link FakeIdp} on a loopback port), checked against the IdP's JWKS found by OpenID discovery. mcpauth is no
 * authorization server here: its protected resource metadata names the IdP, and it publishes no AS metadata.
 */
class TransparentModeTest {
    static final String AUDIENCE = "https://mcp.example.test/mcp";
    static final String CLIENT_ID = "claude-desktop";

    /** One IdP and one server per configuration; each nested class below is one configuration. */
    abstract static class Configured {
        FakeIdp idp;
        TestServer server;
        Http http;
        McpCalls mcp;

        /** The transparent-mode keys beyond mode and provider. */
        abstract Map<String, Object> overrides() throws Exception;

        /** The provider (issuer URL) mcpauth is pointed at. */
        String provider() {
            return idp.issuer();
        }

        @BeforeAll
        void start() throws Exception {
            idp = FakeIdp.start();
            Map<String, Object> properties = new HashMap<>();
            properties.put("mcpauth.auth.expected-audience", List.of(AUDIENCE));
            properties.putAll(overrides());
            server = TestServer.transparent(provider(), properties);
            http = new Http(server.baseUrl());
            mcp = new McpCalls(http);
        }

        @AfterAll
        void stop() throws Exception {
            if (server != null) {
                server.close();
            }
            if (idp != null) {
                idp.close();
            }
        }

        String validToken(String subject) {
            return idp.es256(idp.claims(subject, AUDIENCE).claim("client_id", CLIENT_ID).build());
        }

        String resourceMetadataUrl() {
            return server.baseUrl() + "/.well-known/oauth-protected-resource/mcp";
        }

        /** A 401 challenge naming this server's resource metadata, with {@code error="invalid_token"}. */
        void assertInvalidToken(HttpResponse<String> response) {
            assertEquals(401, response.statusCode(), response::body);
            String challenge = Http.requiredHeader(response, "WWW-Authenticate");
            assertTrue(challenge.startsWith("Bearer "), challenge);
            assertTrue(challenge.contains("resource_metadata=\"" + resourceMetadataUrl() + "\""), challenge);
            assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
            assertEquals("invalid_token", Http.json(response).get("error"), response.body());
        }

        /** initialize, then {@code tools/call whoami} in that session: the demo app's structured answer. */
        Map<?, ?> whoami(String token) {
            HttpResponse<String> init = mcp.initialize(token);
            assertEquals(200, init.statusCode(), init::body);
            String session = Http.requiredHeader(init, "Mcp-Session-Id");
            HttpResponse<String> call = mcp.request(token, session, "tools/call",
                    "{\"name\":\"whoami\",\"arguments\":{}}");
            assertEquals(200, call.statusCode(), call::body);
            Map<?, ?> result = (Map<?, ?>) Http.json(call).get("result");
            assertTrue(result != null, call.body());
            return (Map<?, ?>) result.get("structuredContent");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class DiscoveryAndValidation extends Configured {
        @Override
        Map<String, Object> overrides() {
            return Map.of();
        }

        @Test
        void protectedResourceMetadataNamesTheIdpAsAuthorizationServer() {
            HttpResponse<String> response = http.get("/.well-known/oauth-protected-resource/mcp");

            assertEquals(200, response.statusCode(), response.body());
            Map<String, Object> metadata = Http.json(response);
            assertEquals(List.of(idp.issuer()), metadata.get("authorization_servers"), response.body());
            assertFalse(((List<?>) metadata.get("authorization_servers")).contains(server.baseUrl()));
            assertEquals(List.of("header"), metadata.get("bearer_methods_supported"));
        }

        @Test
        void noAuthorizationServerMetadataBecauseMcpauthIssuesNoTokens() {
            assertEquals(404, http.get("/.well-known/oauth-authorization-server").statusCode());
            assertEquals(404, http.get("/.well-known/openid-configuration").statusCode());
        }

        @Test
        void noTokenGets401WithResourceMetadata() {
            HttpResponse<String> response = mcp.initialize(null);

            assertEquals(401, response.statusCode(), response.body());
            String challenge = Http.requiredHeader(response, "WWW-Authenticate");
            assertTrue(challenge.startsWith("Bearer "), challenge);
            assertTrue(challenge.contains("resource_metadata=\"" + resourceMetadataUrl() + "\""), challenge);
            assertFalse(challenge.contains("error="), "no error code without a token (RFC 6750 §3.1): " + challenge);
        }

        @Test
        void validEs256TokenIsServedAndWhoamiShowsSubjectAndClientId() {
            Map<?, ?> identity = whoami(validToken("user-123"));

            assertEquals("user-123", identity.get("subject"));
            assertEquals(Boolean.FALSE, identity.get("anonymous"));
            assertEquals(CLIENT_ID, identity.get("client_id"));
            assertEquals(List.of(AUDIENCE), identity.get("audience"));
        }

        @Test
        void validRs256TokenWithAzpIsServedAndAzpIsTheClientId() {
            String token = idp.rs256(idp.claims("user-rsa", AUDIENCE).claim("azp", "vscode")
                    .claim("scope", "openid profile").build());

            Map<?, ?> identity = whoami(token);

            assertEquals("user-rsa", identity.get("subject"));
            assertEquals("vscode", identity.get("client_id"));
            assertEquals(List.of("openid", "profile"), identity.get("scopes"));
        }

        @Test
        void wrongAudienceIsInvalidToken() {
            assertInvalidToken(mcp.initialize(idp.es256(idp.claims("u", "https://other.example.test/mcp")
                    .claim("client_id", CLIENT_ID).build())));
        }

        @Test
        void wrongIssuerIsInvalidToken() {
            assertInvalidToken(mcp.initialize(idp.es256(idp.claims("u", AUDIENCE).issuer("https://evil.example.test")
                    .claim("client_id", CLIENT_ID).build())));
        }

        @Test
        void expiredTokenIsInvalidToken() {
            Instant now = Instant.now();
            // beyond the default 60 s clock skew
            assertInvalidToken(mcp.initialize(idp.es256(idp.claims("u", AUDIENCE)
                    .issueTime(Date.from(now.minusSeconds(900))).expirationTime(Date.from(now.minusSeconds(300)))
                    .build())));
        }

        @Test
        void algNoneIsInvalidToken() {
            assertInvalidToken(mcp.initialize(FakeIdp.unsigned(idp.claims("u", AUDIENCE).build())));
        }

        @Test
        void hs256IsInvalidToken() {
            assertInvalidToken(mcp.initialize(idp.hs256(idp.claims("u", AUDIENCE).build())));
        }

        @Test
        void tokenSignedByAnUnknownKeyIsInvalidToken() {
            JWTClaimsSet claims = idp.claims("u", AUDIENCE).build();
            // an unknown kid (mcpauth may refetch the JWKS once, and still not find it)
            assertInvalidToken(mcp.initialize(FakeIdp.sign(claims, FakeIdp.newEcKey(), JWSAlgorithm.ES256)));
            // the IdP's kid, but another key's signature
            ECKey impostor = new ECKey.Builder(FakeIdp.newEcKey()).keyID(idp.ecKid()).build();
            assertInvalidToken(mcp.initialize(FakeIdp.sign(claims, impostor, JWSAlgorithm.ES256)));
        }

        @Test
        void garbageAndTamperedTokensAreInvalidToken() {
            assertInvalidToken(mcp.initialize("not-a-jwt"));
            String token = validToken("u");
            String tampered = token.substring(0, token.length() - 4)
                    + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
            assertInvalidToken(mcp.initialize(tampered));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RequiredScopes extends Configured {
        @Override
        Map<String, Object> overrides() {
            return Map.of("mcpauth.auth.required-scopes", List.of("mcp:tools"));
        }

        @Test
        void validTokenWithoutTheScopeGets403InsufficientScope() {
            String token = idp.es256(idp.claims("u", AUDIENCE).claim("scope", "openid profile").build());

            HttpResponse<String> response = mcp.initialize(token);

            assertEquals(403, response.statusCode(), response.body());
            String challenge = Http.requiredHeader(response, "WWW-Authenticate");
            assertTrue(challenge.startsWith("Bearer "), challenge);
            assertTrue(challenge.contains("error=\"insufficient_scope\""), challenge);
            assertTrue(challenge.contains("scope=\"mcp:tools\""), challenge);
            assertTrue(challenge.contains("resource_metadata=\"" + resourceMetadataUrl() + "\""), challenge);
        }

        @Test
        void noTokenChallengeAdvertisesTheRequiredScope() {
            HttpResponse<String> response = mcp.initialize(null);

            assertEquals(401, response.statusCode(), response.body());
            assertTrue(Http.requiredHeader(response, "WWW-Authenticate").contains("scope=\"mcp:tools\""));
        }

        @Test
        void scpArrayWithTheScopeIsServed() {
            String token = idp.es256(idp.claims("okta-user", AUDIENCE).claim("cid", "okta-client")
                    .claim("scp", List.of("openid", "mcp:tools")).build());

            Map<?, ?> identity = whoami(token);

            assertEquals("okta-user", identity.get("subject"));
            assertEquals("okta-client", identity.get("client_id"));
            assertTrue(((List<?>) identity.get("scopes")).contains("mcp:tools"), identity.toString());
        }

        @Test
        void scopeStringWithTheScopeIsServed() {
            String token = idp.es256(idp.claims("u2", AUDIENCE).claim("client_id", CLIENT_ID)
                    .claim("scope", "openid mcp:tools").build());

            assertEquals("u2", whoami(token).get("subject"));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class KeyRotation extends Configured {
        @Override
        Map<String, Object> overrides() {
            return Map.of("mcpauth.auth.provider-config.jwks-refetch-interval", "200ms");
        }

        @Test
        void afterTheIdpRotatesATokenWithTheNewKidIsServedAfterOneRefetch() {
            assertEquals(200, mcp.initialize(validToken("before")).statusCode());
            int fetches = idp.jwksRequests();
            assertEquals(1, fetches, "the first token fetched the JWKS once");
            assertEquals(200, mcp.initialize(validToken("before-again")).statusCode());
            assertEquals(1, idp.jwksRequests(), "cached keys are reused");
            String oldKid = idp.ecKid();

            idp.rotate();
            String token = validToken("after");
            assertNotEquals(oldKid, idp.ecKid());

            HttpResponse<String> response = mcp.initialize(token);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(fetches + 1, idp.jwksRequests(), "exactly one refetch for the new kid");
            assertEquals("after", whoami(token).get("subject"));
            assertEquals(fetches + 1, idp.jwksRequests(), "no further fetch once the new key is known");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class IdpDown extends Configured {
        private String deadIssuer;

        @Override
        Map<String, Object> overrides() throws IOException {
            deadIssuer = "http://127.0.0.1:" + closedPort();
            return Map.of();
        }

        @Override
        String provider() {
            return deadIssuer;
        }

        @Test
        void withNothingCachedAValidLookingTokenGets503RetryAfterNot401() {
            String token = idp.es256(idp.claims("u", AUDIENCE).issuer(deadIssuer).build());

            HttpResponse<String> response = mcp.initialize(token);

            assertEquals(503, response.statusCode(), () -> "status; headers " + response.headers().map() + " body "
                    + response.body());
            assertTrue(Http.header(response, "Retry-After").isPresent(), response.headers().map().toString());
            assertEquals("temporarily_unavailable", Http.json(response).get("error"), response.body());
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AllowAnonymous extends Configured {
        @Override
        Map<String, Object> overrides() {
            return Map.of("mcpauth.auth.allow-anonymous", true);
        }

        @Test
        void withoutATokenInitializeIsServed() {
            HttpResponse<String> init = mcp.initialize(null);

            assertEquals(200, init.statusCode(), init::body);
            assertFalse(Http.requiredHeader(init, "Mcp-Session-Id").isBlank());
        }

        @Test
        void withoutATokenTheCallerIsAnonymous() {
            Map<?, ?> identity = whoami(null);

            assertEquals(Boolean.TRUE, identity.get("anonymous"), identity.toString());
        }

        @Test
        void aBadTokenIsStill401() {
            assertInvalidToken(mcp.initialize(FakeIdp.unsigned(idp.claims("u", AUDIENCE).build())));
            assertInvalidToken(mcp.initialize(idp.es256(idp.claims("u", "https://other.example.test/mcp").build())));
        }

        @Test
        void aValidTokenIsStillAuthenticated() {
            Map<?, ?> identity = whoami(validToken("known"));

            assertEquals("known", identity.get("subject"));
            assertEquals(Boolean.FALSE, identity.get("anonymous"));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ForwardToken {
        private UpstreamMcpServer upstream;
        private FakeIdp idp;
        private TestServer forwarding;
        private TestServer stripping;

        @BeforeAll
        void start() throws Exception {
            upstream = UpstreamMcpServer.start();
            idp = FakeIdp.start();
            forwarding = server(true);
            stripping = server(false);
        }

        private TestServer server(boolean forwardToken) {
            return TestServer.transparent(idp.issuer(), Map.of(
                    "mcpauth.auth.expected-audience", List.of(AUDIENCE),
                    "mcpauth.auth.forward-token", forwardToken,
                    "mcpauth.apps", List.of(Map.of("id", "main", "path", "/mcp", "upstream", upstream.url()))));
        }

        @AfterAll
        void stop() throws Exception {
            for (AutoCloseable closeable : new AutoCloseable[] {forwarding, stripping, idp, upstream}) {
                if (closeable != null) {
                    closeable.close();
                }
            }
        }

        @Test
        void withForwardTokenTheUpstreamSeesTheAuthorizationHeader() {
            Map<String, Object> seen = whoamiUpstream(forwarding);

            assertEquals(Boolean.TRUE, seen.get("authorization"), seen.toString());
            assertEquals("fwd-user", ((Map<?, ?>) seen.get("headers")).get("x-mcpauth-subject"), seen.toString());
        }

        @Test
        void withoutForwardTokenTheUpstreamNeverSeesTheToken() {
            Map<String, Object> seen = whoamiUpstream(stripping);

            assertEquals(Boolean.FALSE, seen.get("authorization"), seen.toString());
            assertEquals("fwd-user", ((Map<?, ?>) seen.get("headers")).get("x-mcpauth-subject"), seen.toString());
        }

        private Map<String, Object> whoamiUpstream(TestServer server) {
            McpCalls mcp = new McpCalls(new Http(server.baseUrl()));
            String token = idp.es256(idp.claims("fwd-user", AUDIENCE).claim("client_id", CLIENT_ID).build());
            HttpResponse<String> init = mcp.initialize(token);
            assertEquals(200, init.statusCode(), init::body);
            String session = Http.requiredHeader(init, "Mcp-Session-Id");
            assertEquals(202, mcp.post(token, session,
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode());
            HttpResponse<String> call = mcp.request(token, session, "tools/call",
                    "{\"name\":\"whoami-upstream\",\"arguments\":{}}");
            assertEquals(200, call.statusCode(), call::body);
            return TestJson.object(toolText(call.body()));
        }
    }

    /** The text of the first content item of the tools/call result in an SSE (or JSON) body. */
    static String toolText(String body) {
        Map<String, Object> message = null;
        if (body.trim().startsWith("{")) {
            message = TestJson.object(body);
        } else {
            for (String line : body.split("\r?\n")) {
                if (line.startsWith("data:")) {
                    Map<String, Object> candidate = TestJson.object(line.substring(5).trim());
                    if (candidate.containsKey("result") || candidate.containsKey("error")) {
                        message = candidate;
                    }
                }
            }
        }
        if (message == null || !(message.get("result") instanceof Map<?, ?> result)) {
            throw new AssertionError("no tools/call result in: " + body);
        }
        List<?> content = (List<?>) result.get("content");
        return (String) ((Map<?, ?>) content.get(0)).get("text");
    }

    /** A loopback port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
