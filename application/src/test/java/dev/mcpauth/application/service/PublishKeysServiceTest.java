package dev.mcpauth.application.service;

import dev.mcpauth.application.fakes.FakeSigningKeys;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PublishKeysServiceTest {

    @Test
    void publicKeysWhenKeysConfiguredThenTheirPublicJwks() {
        List<Map<String, Object>> jwks = List.of(Map.of("kty", "EC", "kid", "k1"), Map.of("kty", "EC", "kid", "k0"));

        assertEquals(jwks, new PublishKeysService(new FakeSigningKeys(jwks)).publicKeys());
    }
}
