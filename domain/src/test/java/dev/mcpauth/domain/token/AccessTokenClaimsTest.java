package dev.mcpauth.domain.token;

import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.fixtures.MutableClock;
import dev.mcpauth.domain.resource.Audience;
import dev.mcpauth.domain.scope.Scopes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessTokenClaimsTest {
    private static final Instant NOW = MutableClock.START;
    private final AccessTokenClaims claims = new AccessTokenClaims("https://auth.example", "alice",
            List.of(new Audience("https://auth.example/mcp")), NOW, NOW.plusSeconds(300), "jti-1",
            new ClientId("client"), Scopes.of("files:read"), Optional.empty());

    @Test
    void isExpiredWhenAtOrAfterExpiryThenTrue() {
        assertFalse(claims.isExpired(NOW.plusSeconds(299)));
        assertTrue(claims.isExpired(NOW.plusSeconds(300)));
        assertTrue(claims.isExpired(NOW.plusSeconds(301)));
    }

    @Test
    void isForWhenAudienceListedThenTrue() {
        assertTrue(claims.isFor(new Audience("https://auth.example/mcp")));
        assertFalse(claims.isFor(new Audience("https://auth.example/other/mcp")));
    }
}
