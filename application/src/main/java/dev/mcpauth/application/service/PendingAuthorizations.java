package dev.mcpauth.application.service;

import dev.mcpauth.application.port.out.PendingAuthorizationStore;
import dev.mcpauth.domain.authorization.PendingAuthorization;
import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;

import java.time.Clock;
import java.util.Optional;

/** Looks up the pending authorization a page posts back, refusing unknown and expired ones alike. */
final class PendingAuthorizations {
    private final PendingAuthorizationStore store;
    private final Clock clock;

    PendingAuthorizations(PendingAuthorizationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    PendingAuthorization find(String id) {
        return check(id == null || id.isEmpty() ? Optional.empty() : store.find(id));
    }

    /** Removes the request so that it completes only once; a concurrent second completion is refused. */
    PendingAuthorization take(String id) {
        return check(store.take(id));
    }

    private PendingAuthorization check(Optional<PendingAuthorization> found) {
        if (found.isEmpty() || found.get().isExpired(clock.instant())) {
            throw new OAuthException(OAuthError.ACCESS_DENIED,
                    "this sign-in request has expired or was already used; start again from your application");
        }
        return found.get();
    }
}
