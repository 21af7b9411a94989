package dev.mcpauth.application.port.out;

/** Randomness: unguessable values for codes, tokens, secrets and identifiers. */
public interface TokenGenerator {
    /** 256 bits, base64url without padding (43 characters). */
    String newSecret();

    /** 128 bits, base64url without padding (22 characters): identifiers that must not be guessable. */
    String newId();
}
