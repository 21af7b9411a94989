package dev.mcpauth.application.port.out;

/** Hashes and verifies passwords and client secrets (Argon2id, bcrypt). */
public interface PasswordHasher {
    String hash(char[] password);

    /** Constant-time with respect to the password; false for a hash in an unknown format. */
    boolean verify(char[] password, String hash);

    /**
     * Spends about the time of one {@link #verify} so that an unknown username cannot be told from a wrong
     * password by timing.
     */
    void verifyAgainstDummy(char[] password);
}
