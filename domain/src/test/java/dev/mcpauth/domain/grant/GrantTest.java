package dev.mcpauth.domain.grant;

import dev.mcpauth.domain.fixtures.MutableClock;
import dev.mcpauth.domain.fixtures.TestGrants;
import dev.mcpauth.domain.token.RefreshToken;
import dev.mcpauth.domain.token.TokenHash;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrantTest {
    private static final Instant NOW = MutableClock.START;
    private static final Duration LIFETIME = TestGrants.REFRESH_LIFETIME;

    private final TokenHash first = token("first");
    private final Grant grant = TestGrants.grant().build();

    @Test
    void issueWhenRefreshTokenGivenThenFamilyStartsWithIt() {
        assertEquals(0, grant.version());
        assertTrue(grant.isActive());
        assertEquals(first, grant.family().orElseThrow().current());
        assertEquals(NOW.plus(LIFETIME), grant.family().orElseThrow().currentExpiresAt());
        assertTrue(grant.family().orElseThrow().rotated().isEmpty());
    }

    @Test
    void rotateWhenCurrentTokenThenRotatedWithNextVersionAndNewCurrent() {
        Instant later = NOW.plusSeconds(60);

        Grant.Rotation rotation = grant.rotate(first, token("second"), later, LIFETIME);

        Grant next = assertInstanceOf(Grant.Rotation.Rotated.class, rotation).grant();
        assertEquals(grant.version() + 1, next.version());
        assertEquals(token("second"), next.family().orElseThrow().current());
        assertEquals(later.plus(LIFETIME), next.family().orElseThrow().currentExpiresAt());
        assertEquals(List.of(first), next.family().orElseThrow().rotated());
        assertTrue(next.isActive());
        assertEquals(grant.id(), next.id());
        assertEquals(grant.scopes(), next.scopes());
        // the original is immutable
        assertEquals(first, grant.family().orElseThrow().current());
        assertEquals(0, grant.version());
    }

    @Test
    void rotateWhenAlreadyRotatedTokenThenReuseDetectedAndGrantRevoked() {
        Grant rotated = grant.rotate(first, token("second"), NOW, LIFETIME).grant();
        Instant later = NOW.plusSeconds(120);

        Grant.Rotation reuse = rotated.rotate(first, token("third"), later, LIFETIME);

        Grant revoked = assertInstanceOf(Grant.Rotation.ReuseDetected.class, reuse).grant();
        assertTrue(revoked.isRevoked());
        assertFalse(revoked.isActive());
        assertEquals(Optional.of(later), revoked.revokedAt());
        assertEquals(rotated.version() + 1, revoked.version());
        // the successor never became current
        assertEquals(token("second"), revoked.family().orElseThrow().current());
    }

    @Test
    void rotateWhenCurrentTokenOfRevokedFamilyThenRefused() {
        Grant revoked = grant.rotate(first, token("second"), NOW, LIFETIME).grant()
                .rotate(first, token("third"), NOW, LIFETIME).grant();

        Grant.Rotation rotation = revoked.rotate(token("second"), token("fourth"), NOW, LIFETIME);

        Grant.Rotation.Refused refused = assertInstanceOf(Grant.Rotation.Refused.class, rotation);
        assertEquals("refresh token was revoked", refused.reason());
        assertSame(revoked, refused.grant());
    }

    @Test
    void rotateWhenUnknownTokenThenRefusedWithoutRevoking() {
        Grant.Rotation rotation = grant.rotate(token("guessed"), token("second"), NOW, LIFETIME);

        Grant.Rotation.Refused refused = assertInstanceOf(Grant.Rotation.Refused.class, rotation);
        assertEquals("refresh token is invalid", refused.reason());
        assertSame(grant, refused.grant());
        assertFalse(refused.grant().isRevoked());
        assertEquals(0, refused.grant().version());
    }

    @Test
    void rotateWhenCurrentTokenExpiredThenRefused() {
        Instant expiry = grant.family().orElseThrow().currentExpiresAt();

        Grant.Rotation atExpiry = grant.rotate(first, token("second"), expiry, LIFETIME);
        Grant.Rotation afterExpiry = grant.rotate(first, token("second"), expiry.plusSeconds(1), LIFETIME);

        assertEquals("refresh token expired", assertInstanceOf(Grant.Rotation.Refused.class, atExpiry).reason());
        assertEquals("refresh token expired", assertInstanceOf(Grant.Rotation.Refused.class, afterExpiry).reason());
        assertFalse(atExpiry.grant().isRevoked());
    }

    @Test
    void rotateWhenJustBeforeExpiryThenRotated() {
        Instant expiry = grant.family().orElseThrow().currentExpiresAt();

        assertInstanceOf(Grant.Rotation.Rotated.class,
                grant.rotate(first, token("second"), expiry.minusMillis(1), LIFETIME));
    }

    @Test
    void rotateWhenGrantRevokedThenRefused() {
        Grant revoked = grant.revoke(NOW);

        Grant.Rotation rotation = revoked.rotate(first, token("second"), NOW, LIFETIME);

        assertEquals("refresh token was revoked",
                assertInstanceOf(Grant.Rotation.Refused.class, rotation).reason());
    }

    @Test
    void rotateWhenGrantHasNoFamilyThenRefused() {
        Grant withoutFamily = TestGrants.grant().noRefreshToken().build();

        Grant.Rotation rotation = withoutFamily.rotate(first, token("second"), NOW, LIFETIME);

        assertEquals("this grant has no refresh token",
                assertInstanceOf(Grant.Rotation.Refused.class, rotation).reason());
        assertTrue(withoutFamily.family().isEmpty());
    }

    @Test
    void rotateWhenRotatedSixtyFourTimesThenFirstTokenIsStillRecognisedAsReuse() {
        Grant current = rotateTimes(grant, 64);

        assertEquals(RefreshTokenFamily.REMEMBERED_ROTATIONS, current.family().orElseThrow().rotated().size());
        assertInstanceOf(Grant.Rotation.ReuseDetected.class,
                current.rotate(first, token("next"), NOW, LIFETIME));
    }

    @Test
    void rotateWhenRotatedSixtyFiveTimesThenFirstTokenIsUnknownNotReuse() {
        Grant current = rotateTimes(grant, 65);
        RefreshTokenFamily family = current.family().orElseThrow();

        assertEquals(64, family.rotated().size());
        assertEquals(RefreshTokenFamily.Presented.UNKNOWN, family.classify(first, NOW));
        assertEquals(RefreshTokenFamily.Presented.ROTATED, family.classify(token("rotation-1"), NOW));
        assertEquals(RefreshTokenFamily.Presented.ROTATED, family.classify(token("rotation-64"), NOW));
        assertEquals(RefreshTokenFamily.Presented.CURRENT, family.classify(token("rotation-65"), NOW));

        Grant.Rotation rotation = current.rotate(first, token("next"), NOW, LIFETIME);
        assertInstanceOf(Grant.Rotation.Refused.class, rotation);
        assertFalse(rotation.grant().isRevoked());
    }

    @Test
    void revokeWhenActiveThenRevokedWithNextVersion() {
        Grant revoked = grant.revoke(NOW.plusSeconds(5));

        assertTrue(revoked.isRevoked());
        assertEquals(Optional.of(NOW.plusSeconds(5)), revoked.revokedAt());
        assertEquals(1, revoked.version());
        assertFalse(grant.isRevoked());
    }

    @Test
    void revokeWhenAlreadyRevokedThenUnchanged() {
        Grant revoked = grant.revoke(NOW);

        assertSame(revoked, revoked.revoke(NOW.plusSeconds(60)));
        assertEquals(Optional.of(NOW), revoked.revoke(NOW.plusSeconds(60)).revokedAt());
    }

    @Test
    void expiresAtWhenFamilyThenCurrentTokenExpiryElseFallback() {
        Instant fallback = NOW.plusSeconds(1);

        assertEquals(NOW.plus(LIFETIME), grant.expiresAt(fallback));
        assertEquals(fallback, TestGrants.grant().noRefreshToken().build().expiresAt(fallback));
    }

    private static Grant rotateTimes(Grant grant, int times) {
        Grant current = grant;
        TokenHash presented = token("first");
        for (int i = 1; i <= times; i++) {
            TokenHash successor = token("rotation-" + i);
            current = assertInstanceOf(Grant.Rotation.Rotated.class,
                    current.rotate(presented, successor, NOW, LIFETIME)).grant();
            presented = successor;
        }
        assertEquals(times, current.version());
        return current;
    }

    private static TokenHash token(String label) {
        RefreshToken token = TestGrants.refreshToken(TestGrants.GRANT_ID, label);
        return token.hash();
    }
}
