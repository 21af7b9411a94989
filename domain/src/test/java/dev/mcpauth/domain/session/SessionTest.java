package dev.mcpauth.domain.session;

import dev.mcpauth.domain.fixtures.MutableClock;
import dev.mcpauth.domain.fixtures.TestSessions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTest {
    private static final Instant NOW = MutableClock.START;

    @Test
    void isActiveWhenBeforeExpiryThenTrue() {
        Session session = TestSessions.session().ttl(Duration.ofHours(1)).build();

        assertTrue(session.isActive(NOW));
        assertTrue(session.isActive(NOW.plus(Duration.ofHours(1)).minusMillis(1)));
    }

    @Test
    void isActiveWhenAtOrAfterExpiryThenFalse() {
        Session session = TestSessions.session().ttl(Duration.ofHours(1)).build();

        assertFalse(session.isActive(NOW.plus(Duration.ofHours(1))));
        assertFalse(session.isActive(NOW.plus(Duration.ofHours(2))));
    }

    @Test
    void isActiveWhenEndedThenFalse() {
        Session session = TestSessions.session().build();

        Session ended = session.end();

        assertFalse(ended.isActive(NOW));
        assertTrue(ended.isEnded());
        assertTrue(session.isActive(NOW));
        assertEquals(session.id(), ended.id());
        assertEquals(session.expiresAt(), ended.expiresAt());
        assertFalse(TestSessions.session().ended().build().isActive(NOW));
    }

    @Test
    void belongsToWhenSamePrincipalThenTrue() {
        Session session = TestSessions.session().principal(new Principal.Authenticated("alice", "client-1")).build();

        assertTrue(session.belongsTo(new Principal.Authenticated("alice", "client-1")));
    }

    @Test
    void belongsToWhenOtherSubjectThenFalse() {
        Session session = TestSessions.session().principal(new Principal.Authenticated("alice", "client-1")).build();

        assertFalse(session.belongsTo(new Principal.Authenticated("bob", "client-1")));
    }

    @Test
    void belongsToWhenSameSubjectThroughOtherClientThenFalse() {
        Session session = TestSessions.session().principal(new Principal.Authenticated("alice", "client-1")).build();

        assertFalse(session.belongsTo(new Principal.Authenticated("alice", "client-2")));
    }

    @Test
    void belongsToWhenAnonymousVersusAuthenticatedWithSameSubjectThenFalse() {
        Session authenticated = TestSessions.session().principal(new Principal.Authenticated("alice", "c")).build();
        Session anonymous = TestSessions.session().anonymous("alice").build();

        assertFalse(authenticated.belongsTo(new Principal.Anonymous("alice")));
        assertFalse(anonymous.belongsTo(new Principal.Authenticated("alice", "c")));
    }

    @Test
    void belongsToWhenSameAnonymousThenTrueOtherAnonymousFalse() {
        Session anonymous = TestSessions.session().anonymous("anon-1").build();

        assertTrue(anonymous.belongsTo(new Principal.Anonymous("anon-1")));
        assertFalse(anonymous.belongsTo(new Principal.Anonymous("anon-2")));
        assertFalse(anonymous.belongsTo(null));
    }

    @Test
    void constructorWhenExpiryNotAfterStartThenRefused() {
        assertThrows(IllegalArgumentException.class, () -> TestSessions.session().ttl(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> TestSessions.session().ttl(Duration.ofSeconds(-1)).build());
    }

    @Test
    void isAnonymousWhenPrincipalKindThenMatches() {
        assertTrue(new Principal.Anonymous("x").isAnonymous());
        assertFalse(new Principal.Authenticated("x", "c").isAnonymous());
    }
}
