package dev.mcpauth.application.service;

import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.domain.token.AuthorizationCode;
import dev.mcpauth.domain.token.TokenHash;

import java.util.Optional;

/** Stateful codes: the value is the random secret, and the code is stored by its hash. */
final class StoredAuthorizationCodes implements AuthorizationCodes {
    private final AuthorizationCodeStore codes;

    StoredAuthorizationCodes(AuthorizationCodeStore codes) {
        this.codes = codes;
    }

    @Override
    public String issue(AuthorizationCode code, String secret) {
        codes.save(code, code.expiresAt().plus(CodeIssuer.REPLAY_MEMORY));
        return secret;
    }

    @Override
    public Optional<AuthorizationCode> redeem(String value) {
        return codes.redeem(TokenHash.of(value));
    }
}
