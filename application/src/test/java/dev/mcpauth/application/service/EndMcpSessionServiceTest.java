package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.ResumeMcpSessionUseCase.SessionRequest;
import dev.mcpauth.domain.fixtures.TestSessions;
import dev.mcpauth.domain.session.Principal;
import dev.mcpauth.domain.session.SessionId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndMcpSessionServiceTest {
    private final ServiceFixture fixture = new ServiceFixture();
    private final EndMcpSessionService service = new EndMcpSessionService(
            new ResumeMcpSessionService(fixture.sessions, fixture.clock), fixture.sessions);

    EndMcpSessionServiceTest() {
        fixture.sessions.save(TestSessions.session().build());
    }

    @Test
    void endWhenOwnSessionThenEnded() {
        assertTrue(service.end(new SessionRequest(TestSessions.ID, TestSessions.ALICE)));

        assertTrue(fixture.sessions.find(new SessionId(TestSessions.ID)).orElseThrow().isEnded());
        assertFalse(service.end(new SessionRequest(TestSessions.ID, TestSessions.ALICE)), "already ended");
    }

    @Test
    void endWhenAnotherPrincipalsSessionThenFalseAndStillActive() {
        assertFalse(service.end(new SessionRequest(TestSessions.ID, new Principal.Anonymous("mallory"))));

        assertTrue(fixture.sessions.find(new SessionId(TestSessions.ID)).orElseThrow()
                .isActive(fixture.clock.instant()));
    }
}
