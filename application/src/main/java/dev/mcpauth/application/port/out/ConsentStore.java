package dev.mcpauth.application.port.out;

import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.consent.Consent;

import java.time.Instant;
import java.util.Optional;

/** Remembered consents, so that a user is not asked again for what they already approved. */
public interface ConsentStore {
    Optional<Consent> find(String subject, ClientId clientId);

    void save(Consent consent, Instant forgetAt);
}
