package dev.mcpauth.application.fakes;

import dev.mcpauth.application.port.out.SigningKeys;

import java.util.List;
import java.util.Map;

public final class FakeSigningKeys implements SigningKeys {
    private final List<Map<String, Object>> jwks;

    public FakeSigningKeys(List<Map<String, Object>> jwks) {
        this.jwks = List.copyOf(jwks);
    }

    @Override
    public List<Map<String, Object>> publicJwks() {
        return jwks;
    }

    @Override
    public String algorithm() {
        return "ES256";
    }
}
