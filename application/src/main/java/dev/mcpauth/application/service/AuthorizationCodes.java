package dev.mcpauth.application.service;

import dev.mcpauth.domain.token.AuthorizationCode;

import java.util.Optional;

/**
 * Where authorization codes live between the authorization and the token endpoint: stored by hash behind a random
 * value ({@link StoredAuthorizationCodes}, stateful sessions), or sealed into the value itself
 * ({@link SealedAuthorizationCodes}, stateless sessions). Either way a code redeems once (OAuth 2.1 §4.1.2).
 */
interface AuthorizationCodes {
    /**
     * Keeps a new code and returns the value the client receives.
     *
     * @param secret a fresh 256-bit random value whose hash is {@code code.hash()}
     */
    String issue(AuthorizationCode code, String secret);

    /**
     * Redeems the code {@code value} stands for, atomically: returns it with {@code redeemed() == false} to the one
     * caller that redeemed it first, with {@code redeemed() == true} to every replay, and empty when the value is
     * unknown, forgotten, malformed or tampered with.
     */
    Optional<AuthorizationCode> redeem(String value);
}
