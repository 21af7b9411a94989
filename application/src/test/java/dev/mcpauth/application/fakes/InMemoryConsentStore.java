package dev.mcpauth.application.fakes;

import dev.mcpauth.application.port.out.ConsentStore;
import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.consent.Consent;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

public final class InMemoryConsentStore implements ConsentStore {
    private final Map<String, Consent> consents = new HashMap<>();

    @Override
    public synchronized Optional<Consent> find(String subject, ClientId clientId) {
        return Optional.ofNullable(consents.get(key(subject, clientId)));
    }

    @Override
    public synchronized void save(Consent consent, Instant forgetAt) {
        consents.put(key(consent.subject(), consent.clientId()), consent);
    }

    public synchronized int size() {
        return consents.size();
    }

    private static String key(String subject, ClientId clientId) {
        return subject + "\n" + clientId.value();
    }
}
