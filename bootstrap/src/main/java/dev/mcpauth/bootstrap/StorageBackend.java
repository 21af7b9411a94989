package dev.mcpauth.bootstrap;

import dev.mcpauth.application.port.out.AuthorizationCodeStore;
import dev.mcpauth.application.port.out.ClientRegistry;
import dev.mcpauth.application.port.out.ConsentStore;
import dev.mcpauth.application.port.out.FailureCounter;
import dev.mcpauth.application.port.out.GrantStore;
import dev.mcpauth.application.port.out.KeyRingStore;
import dev.mcpauth.application.port.out.PendingAuthorizationStore;
import dev.mcpauth.application.port.out.SessionStore;
import dev.mcpauth.application.port.out.UsedTokens;

/** The stores of the configured token storage, memory or Redis, and how to check and close it. */
record StorageBackend(String type, AuthorizationCodeStore codes, PendingAuthorizationStore pendings,
                      GrantStore grants, ConsentStore consents, SessionStore sessions, FailureCounter failures,
                      KeyRingStore keyRing, UsedTokens usedTokens, ClientRegistry clients, Runnable ping,
                      AutoCloseable closer) implements AutoCloseable {

    /** Throws {@code StorageUnavailableException} when the storage cannot serve. */
    void check() {
        ping.run();
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
