package dev.mcpauth.application.port.out;

import dev.mcpauth.domain.token.TokenHash;

import java.time.Instant;

/**
 * A ledger of single-use values that are not otherwise stored (stateless authorization codes): the first use is
 * recorded atomically, every later one is recognised until {@code forgetAt}.
 */
public interface UsedTokens {
    /** True for exactly one caller per hash, however many race; false for every later use. */
    boolean firstUse(TokenHash hash, Instant forgetAt);
}
