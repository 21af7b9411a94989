package dev.mcpauth.domain.mode;

/** Where session state lives: server-side and revocable, or entirely inside the signed token. */
public enum SessionMode {
    STATEFUL,
    STATELESS
}
