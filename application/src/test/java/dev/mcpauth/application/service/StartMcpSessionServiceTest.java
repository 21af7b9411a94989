package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.StartMcpSessionUseCase.NewSession;
import dev.mcpauth.domain.fixtures.TestSessions;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.Session;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartMcpSessionServiceTest {
    private final ServiceFixture fixture = new ServiceFixture();
    private final StartMcpSessionService service =
            new StartMcpSessionService(fixture.sessions, fixture.generator, fixture.clock);

    @Test
    void startWhenNewConnectionThenStoredActiveSessionBoundToPrincipal() {
        Session session = service.start(new NewSession(TestSessions.ALICE, Scopes.of("files:read"),
                fixture.clock.instant().plus(Duration.ofHours(1))));

        assertEquals(Optional.of(session), fixture.sessions.find(session.id()));
        assertEquals(TestSessions.ALICE, session.principal());
        assertEquals(fixture.clock.instant(), session.createdAt());
        assertTrue(session.isActive(fixture.clock.instant()));
        assertEquals(43, session.id().value().length(), "an unguessable id");
    }

    @Test
    void startWhenTwoSessionsThenDistinctIds() {
        NewSession command = new NewSession(TestSessions.ALICE, Scopes.empty(),
                fixture.clock.instant().plusSeconds(60));

        assertNotEquals(service.start(command).id(), service.start(command).id());
    }

    @Test
    void startWhenExpiryNotInTheFutureThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> service.start(new NewSession(TestSessions.ALICE,
                Scopes.empty(), fixture.clock.instant())));
    }
}
