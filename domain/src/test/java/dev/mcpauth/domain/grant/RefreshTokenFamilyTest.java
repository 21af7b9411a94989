package dev.mcpauth.domain.grant;

import dev.mcpauth.domain.fixtures.MutableClock;
import dev.mcpauth.domain.token.TokenHash;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RefreshTokenFamilyTest {
    private static final Instant NOW = MutableClock.START;
    private static final Duration LIFETIME = Duration.ofDays(1);

    @Test
    void classifyWhenCurrentBeforeExpiryThenCurrent() {
        RefreshTokenFamily family = RefreshTokenFamily.start(TokenHash.of("a"), NOW, LIFETIME);

        assertEquals(RefreshTokenFamily.Presented.CURRENT, family.classify(TokenHash.of("a"), NOW));
        assertEquals(RefreshTokenFamily.Presented.EXPIRED, family.classify(TokenHash.of("a"), NOW.plus(LIFETIME)));
        assertEquals(RefreshTokenFamily.Presented.UNKNOWN, family.classify(TokenHash.of("b"), NOW));
    }

    @Test
    void rotateToWhenRotatedThenPreviousIsRotatedNewestFirst() {
        RefreshTokenFamily family = RefreshTokenFamily.start(TokenHash.of("a"), NOW, LIFETIME)
                .rotateTo(TokenHash.of("b"), NOW, LIFETIME)
                .rotateTo(TokenHash.of("c"), NOW.plusSeconds(10), LIFETIME);

        assertEquals(TokenHash.of("c"), family.current());
        assertEquals(NOW.plusSeconds(10).plus(LIFETIME), family.currentExpiresAt());
        assertEquals(List.of(TokenHash.of("b"), TokenHash.of("a")), family.rotated());
        assertEquals(RefreshTokenFamily.Presented.ROTATED, family.classify(TokenHash.of("a"), NOW));
        assertEquals(RefreshTokenFamily.Presented.ROTATED, family.classify(TokenHash.of("b"), NOW));
    }

    @Test
    void rotateToWhenHistoryFullThenOldestForgotten() {
        RefreshTokenFamily family = RefreshTokenFamily.start(TokenHash.of("0"), NOW, LIFETIME);
        for (int i = 1; i <= 100; i++) {
            family = family.rotateTo(TokenHash.of(Integer.toString(i)), NOW, LIFETIME);
        }

        assertEquals(RefreshTokenFamily.REMEMBERED_ROTATIONS, family.rotated().size());
        assertEquals(TokenHash.of("99"), family.rotated().get(0));
        assertEquals(TokenHash.of("36"), family.rotated().get(63));
        assertEquals(RefreshTokenFamily.Presented.UNKNOWN, family.classify(TokenHash.of("35"), NOW));
    }

    @Test
    void constructorWhenRotatedListChangesLaterThenFamilyUnaffected() {
        List<TokenHash> rotated = new ArrayList<>(List.of(TokenHash.of("a")));
        RefreshTokenFamily family = new RefreshTokenFamily(TokenHash.of("b"), NOW, rotated);
        rotated.clear();

        assertEquals(1, family.rotated().size());
        assertThrows(UnsupportedOperationException.class, () -> family.rotated().add(TokenHash.of("c")));
    }
}
