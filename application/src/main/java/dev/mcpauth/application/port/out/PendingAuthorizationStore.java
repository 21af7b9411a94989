package dev.mcpauth.application.port.out;

import dev.mcpauth.domain.authorization.PendingAuthorization;

import java.util.Optional;

/** Authorization requests waiting for login and consent; each expires on its own. */
public interface PendingAuthorizationStore {
    void save(PendingAuthorization pending);

    Optional<PendingAuthorization> find(String id);

    /** Removes and returns the request, atomically, so that it completes at most once. */
    Optional<PendingAuthorization> take(String id);
}
