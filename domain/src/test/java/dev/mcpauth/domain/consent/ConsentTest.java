package dev.mcpauth.domain.consent;

import dev.mcpauth.domain.client.ClientId;
import dev.mcpauth.domain.scope.Scopes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsentTest {
    private final Consent consent = new Consent("alice", new ClientId("client"), Scopes.parse("a b"));

    @Test
    void coversWhenRequestIsSubsetOrEqualThenTrue() {
        assertTrue(consent.covers(Scopes.parse("a")));
        assertTrue(consent.covers(Scopes.parse("b a")));
        assertTrue(consent.covers(Scopes.empty()));
    }

    @Test
    void coversWhenRequestAsksForMoreThenFalse() {
        assertFalse(consent.covers(Scopes.parse("a b c")));
        assertFalse(consent.covers(Scopes.parse("c")));
    }
}
