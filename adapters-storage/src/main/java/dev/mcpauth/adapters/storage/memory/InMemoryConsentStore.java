package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.application.port.out.ConsentStore;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.consent.Consent;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Remembered consents in this JVM's memory, one per subject and client. */
public final class InMemoryConsentStore implements ConsentStore {
    private final ExpiringMap<Key, Consent> consents;

    public InMemoryConsentStore(Clock clock) {
        this.consents = new ExpiringMap<>(clock);
    }

    @Override
    public Optional<Consent> find(String subject, ClientId clientId) {
        return consents.get(new Key(subject, clientId));
    }

    @Override
    public void save(Consent consent, Instant forgetAt) {
        consents.put(new Key(consent.subject(), consent.clientId()), consent, forgetAt);
    }

    private record Key(String subject, ClientId clientId) {
    }
}
