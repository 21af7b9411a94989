package dev.mcpauth.application.service;

import dev.mcpauth.application.port.in.ResumeMcpSessionUseCase.SessionRequest;
import dev.mcpauth.domain.fixtures.TestSessions;
import dev.mcpauth.domain.session.Principal;
import dev.mcpauth.domain.session.Session;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ResumeMcpSessionServiceTest {
    private final ServiceFixture fixture = new ServiceFixture();
    private final ResumeMcpSessionService service = new ResumeMcpSessionService(fixture.sessions, fixture.clock);
    private final Session session = TestSessions.session().ttl(Duration.ofHours(1)).build();

    ResumeMcpSessionServiceTest() {
        fixture.sessions.save(session);
    }

    @Test
    void resumeWhenOwnActiveSessionThenFound() {
        assertEquals(Optional.of(session), service.resume(new SessionRequest(TestSessions.ID, TestSessions.ALICE)));
    }

    @Test
    void resumeWhenAnotherPrincipalThenEmpty() {
        assertEquals(Optional.empty(), service.resume(new SessionRequest(TestSessions.ID,
                new Principal.Authenticated("bob", TestSessions.ALICE.clientId()))));
        assertEquals(Optional.empty(), service.resume(new SessionRequest(TestSessions.ID,
                new Principal.Authenticated(TestSessions.ALICE.subject(), "other-client"))));
        assertEquals(Optional.empty(), service.resume(new SessionRequest(TestSessions.ID,
                new Principal.Anonymous(TestSessions.ALICE.subject()))));
    }

    @Test
    void resumeWhenExpiredThenEmpty() {
        fixture.clock.advance(Duration.ofHours(1));

        assertEquals(Optional.empty(), service.resume(new SessionRequest(TestSessions.ID, TestSessions.ALICE)));
    }

    @Test
    void resumeWhenEndedThenEmpty() {
        fixture.sessions.save(session.end());

        assertEquals(Optional.empty(), service.resume(new SessionRequest(TestSessions.ID, TestSessions.ALICE)));
    }

    @Test
    void resumeWhenUnknownOrMalformedIdThenEmpty() {
        assertEquals(Optional.empty(), service.resume(new SessionRequest("unknown", TestSessions.ALICE)));
        assertEquals(Optional.empty(), service.resume(new SessionRequest("bad id", TestSessions.ALICE)));
        assertEquals(Optional.empty(), service.resume(new SessionRequest(null, TestSessions.ALICE)));
    }
}
