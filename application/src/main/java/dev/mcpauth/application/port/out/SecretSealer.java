package dev.mcpauth.application.port.out;

import java.util.Optional;

/**
 * Seals values that must be recovered later (stateless authorization codes and sessions, upstream tokens, signing
 * keys at rest) with authenticated encryption under a configured key that carries an id, so the key can be rotated.
 */
public interface SecretSealer {
    /**
     * @param purpose bound into the seal (as associated data), so that a value sealed for one purpose cannot be
     *                opened as another
     */
    String seal(byte[] plaintext, String purpose);

    /** The plaintext, or empty when the value is malformed, tampered with, sealed for another purpose or key. */
    Optional<byte[]> open(String sealed, String purpose);
}
