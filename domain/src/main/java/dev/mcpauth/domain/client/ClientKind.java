package dev.mcpauth.domain.client;

/** Where a client's registration comes from. */
public enum ClientKind {
    /** Pre-registered in the configuration. */
    STATIC,
    /** Registered at the registration endpoint (RFC 7591). */
    DYNAMIC,
    /** Described by a Client ID Metadata Document fetched from its {@code client_id} URL. */
    METADATA_DOCUMENT
}
