package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.PublishKeysUseCase;
import dev.mcpauth.application.port.out.SigningKeys;

import java.util.List;
import java.util.Map;

/** The public signing keys, for {@code /.well-known/jwks.json}. */
public final class PublishKeysService implements PublishKeysUseCase {
    private final SigningKeys keys;

    public PublishKeysService(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public List<Map<String, Object>> publicKeys() {
        return keys.publicJwks();
    }
}
