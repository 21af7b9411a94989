package dev.mcpauth.domain.consent;

import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.scope.Scopes;

import java.util.Objects;

/** A remembered consent: the scopes a subject already approved for a client, so the page is not shown again. */
public record Consent(String subject, ClientId clientId, Scopes scopes) {
    public Consent {
        Objects.requireNonNull(subject);
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(scopes);
    }

    /** Whether this consent already covers a request for {@code requested}. */
    public boolean covers(Scopes requested) {
        return scopes.containsAll(requested);
    }
}
