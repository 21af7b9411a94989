package dev.mcpauth.application.service;

import dev.mcpauth.application.fakes.FakeSecretSealer;
import dev.mcpauth.application.port.in.ResumeMcpSessionUseCase.SessionRequest;
import dev.mcpauth.application.port.in.StartMcpSessionUseCase.NewSession;
import dev.mcpauth.domain.fixtures.TestCodes;
import dev.mcpauth.domain.fixtures.TestSessions;
import dev.mcpauth.domain.scope.Scopes;
import dev.mcpauth.domain.session.Principal;
import dev.mcpauth.domain.session.Session;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stateless MCP sessions: {@link StartSealedMcpSessionService}, {@link ResumeSealedMcpSessionService} and
 * {@link EndSealedMcpSessionService}.
 */
class SealedMcpSessionServiceTest {
    private static final Principal.Authenticated ALICE = TestSessions.ALICE;
    private static final Duration TTL = Duration.ofHours(1);
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final ServiceFixture fixture = new ServiceFixture();
    private final FakeSecretSealer sealer = new FakeSecretSealer();
    private final StartSealedMcpSessionService start = new StartSealedMcpSessionService(sealer, fixture.clock);
    private final ResumeSealedMcpSessionService resume = new ResumeSealedMcpSessionService(sealer, fixture.clock);
    private final EndSealedMcpSessionService end = new EndSealedMcpSessionService(resume);

    private Session startFor(Principal principal, String scope) {
        return start.start(new NewSession(principal, Scopes.parse(scope), fixture.clock.instant().plus(TTL)));
    }

    private Optional<Session> resume(String id, Principal principal) {
        return resume.resume(new SessionRequest(id, principal));
    }

    private static void assertSameSession(Session expected, Session actual) {
        assertEquals(expected.id(), actual.id());
        assertEquals(expected.principal(), actual.principal());
        assertEquals(expected.scopes(), actual.scopes());
        assertEquals(expected.createdAt(), actual.createdAt());
        assertEquals(expected.expiresAt(), actual.expiresAt());
        assertEquals(expected.isEnded(), actual.isEnded());
    }

    @Test
    void resumeWhenOwnSessionThenTheSessionStartReturned() {
        Session started = startFor(ALICE, "files:read files:write");

        Session resumed = resume(started.id().value(), ALICE).orElseThrow();

        assertSameSession(started, resumed);
        assertEquals(ALICE, resumed.principal());
        assertEquals(Scopes.parse("files:read files:write"), resumed.scopes());
        assertEquals(fixture.clock.instant(), resumed.createdAt());
        assertEquals(fixture.clock.instant().plus(TTL), resumed.expiresAt());
        assertTrue(resumed.isActive(fixture.clock.instant()));
    }

    @Test
    void startWhenCalledThenNothingIsStoredAndTheIdIsSealedVisibleAscii() {
        Session started = startFor(ALICE, "files:read");

        String id = started.id().value();
        assertTrue(id.matches("[A-Za-z0-9_-]{8}\\.[A-Za-z0-9_-]+"), id);
        assertTrue(id.length() <= 128, id.length() + " characters");
        assertFalse(id.contains("files") || id.contains(ALICE.subject()), "the id reveals nothing: " + id);
        assertEquals(Optional.empty(), fixture.sessions.find(started.id()), "nothing stored");
    }

    @Test
    void startWhenAnonymousThenResumesForTheSameAnonymousPrincipalOnly() {
        Principal anonymous = new Principal.Anonymous("anonymous");
        Session started = startFor(anonymous, "");

        assertSameSession(started, resume(started.id().value(), anonymous).orElseThrow());
        assertEquals(Optional.empty(), resume(started.id().value(), new Principal.Anonymous("someone-else")));
        assertEquals(Optional.empty(), resume(started.id().value(),
                new Principal.Authenticated("anonymous", TestSessions.ALICE.clientId())));
    }

    @Test
    void startWhenCalledTwiceThenDistinctIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            ids.add(startFor(ALICE, "files:read").id().value());
        }

        assertEquals(100, ids.size());
    }

    @Test
    void startWhenTimesFinerThanMillisecondsThenKeptToTheMillisecondExpiryRoundedDown() {
        fixture.clock.set(Instant.parse("2030-01-01T00:00:00.000999999Z"));

        Session started = start.start(new NewSession(ALICE, Scopes.of("files:read"),
                Instant.parse("2030-01-01T01:00:00.123999999Z")));

        assertEquals(Instant.parse("2030-01-01T00:00:00Z"), started.createdAt());
        assertEquals(Instant.parse("2030-01-01T01:00:00.123Z"), started.expiresAt());
        assertSameSession(started, resume(started.id().value(), ALICE).orElseThrow());
    }

    @Test
    void startWhenExpiryNotAfterNowThenRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> start.start(new NewSession(ALICE, Scopes.empty(), fixture.clock.instant())));
    }

    @Test
    void startWhenALongClientIdThenTheIdStaysShortBecauseThePrincipalIsBoundNotCarried() {
        Principal cimdClient = new Principal.Authenticated("auth0|" + "0123456789abcdef".repeat(4),
                "https://client.example/.well-known/oauth-client/" + "x".repeat(1_500) + ".json");

        Session started = startFor(cimdClient, "files:read");

        assertTrue(started.id().value().length() <= 128, started.id().value().length() + " characters");
        assertSameSession(started, resume(started.id().value(), cimdClient).orElseThrow());
    }

    @Test
    void startWhenScopesUpTo44CharactersThenTheIdFitsIn128Characters() {
        String scope = "openid files:read files:write docs:read xx:y"; // 44 characters

        Session started = startFor(ALICE, scope);

        assertEquals(44, scope.length());
        assertEquals(128, started.id().value().length());
        assertSameSession(started, resume(started.id().value(), ALICE).orElseThrow());
    }

    @Test
    void startWhenManyScopesThenSealedIdStillFitsAndResumes() {
        String scope = "openid profile email offline_access files:read files:write docs:read";

        String id = startFor(ALICE, scope).id().value();

        assertTrue(id.length() <= 1024, id);
        assertTrue(resume(id, ALICE).isPresent());
    }

    @Test
    void startWhenScopesTooLongForAnyIdThenClearError() {
        String scope = "scope-".repeat(200).trim();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> startFor(ALICE, scope));

        assertTrue(e.getMessage().contains("Mcp-Session-Id"), e.getMessage());
        assertTrue(e.getMessage().contains("scopes"), e.getMessage());
    }

    @Test
    void resumeWhenAnotherPrincipalThenEmpty() {
        String id = startFor(ALICE, "files:read").id().value();

        assertEquals(Optional.empty(), resume(id, new Principal.Authenticated("bob", ALICE.clientId())));
        assertEquals(Optional.empty(), resume(id, new Principal.Authenticated(ALICE.subject(), "other-client")));
        assertEquals(Optional.empty(), resume(id, new Principal.Anonymous(ALICE.subject())));
        // Length prefixes keep the parts apart: "alice" + "1:x" is not "alice1" + "x".
        assertEquals(Optional.empty(), resume(id, new Principal.Authenticated(ALICE.subject() + ";",
                ALICE.clientId())));
        assertEquals(Optional.empty(), resume(id, null));
    }

    @Test
    void resumeWhenExpiredThenEmpty() {
        String id = startFor(ALICE, "files:read").id().value();

        fixture.clock.advance(TTL.minusMillis(1));
        assertTrue(resume(id, ALICE).isPresent());
        fixture.clock.advance(Duration.ofMillis(1));
        assertEquals(Optional.empty(), resume(id, ALICE));
    }

    @Test
    void resumeWhenAnyCharacterChangedThenEmpty() {
        String id = startFor(ALICE, "files:read").id().value();

        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            char other = c == '.' ? 'A' : ALPHABET.charAt((ALPHABET.indexOf(c) + 1) % ALPHABET.length());
            String tampered = id.substring(0, i) + other + id.substring(i + 1);

            assertEquals(Optional.empty(), resume(tampered, ALICE), "position " + i);
        }
        assertTrue(resume(id, ALICE).isPresent());
    }

    @Test
    void resumeWhenMalformedOrForeignIdThenEmpty() {
        String statefulLooking = fixture.generator.newSecret();
        String sealedCode = sealer.seal(AuthorizationCodeCodec.encode(TestCodes.code().build()),
                SealedAuthorizationCodes.PURPOSE);
        String otherKey = new StartSealedMcpSessionService(new FakeSecretSealer(), fixture.clock)
                .start(new NewSession(ALICE, Scopes.empty(), fixture.clock.instant().plus(TTL))).id().value();
        String wrongPayload = sealer.seal(new byte[3], SealedSessionCodec.purpose(ALICE));

        for (String bad : new String[]{null, "", "bad id", "x".repeat(129), statefulLooking, sealedCode, otherKey,
                wrongPayload}) {
            assertEquals(Optional.empty(), resume(bad, ALICE), String.valueOf(bad));
        }
    }

    @Test
    void endWhenOwnLiveSessionThenTrue() {
        String id = startFor(ALICE, "files:read").id().value();

        assertTrue(end.end(new SessionRequest(id, ALICE)));
    }

    @Test
    void endWhenAnotherPrincipalsOrExpiredOrTamperedThenFalse() {
        String id = startFor(ALICE, "files:read").id().value();

        assertFalse(end.end(new SessionRequest(id, new Principal.Authenticated("bob", ALICE.clientId()))));
        assertFalse(end.end(new SessionRequest(id.substring(0, 9) + (id.charAt(9) == 'A' ? 'B' : 'A')
                + id.substring(10), ALICE)));
        fixture.clock.advance(TTL);
        assertFalse(end.end(new SessionRequest(id, ALICE)));
    }

    @Test
    void endWhenEndedThenTheIdStillOpensUntilItExpiresBecauseNothingIsStored() {
        String id = startFor(ALICE, "files:read").id().value();

        end.end(new SessionRequest(id, ALICE));

        assertTrue(resume(id, ALICE).isPresent(), "stateless: an ended id cannot be revoked, it simply expires");
        fixture.clock.advance(TTL);
        assertEquals(Optional.empty(), resume(id, ALICE));
    }
}
