package dev.mcpauth.adapters.idp.jose;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyScheduleTest {
    private static final Duration LEAD = Duration.ofMinutes(2);
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private final Instant t0 = Instant.parse("2026-11-26T12:00:00Z");
    private final SigningKey first = SigningKey.generate(SigningAlgorithm.ES256);
    private final SigningKey second = SigningKey.generate(SigningAlgorithm.ES256);

    @Test
    void rotateWhenScheduledThenNewKeyIsPublishedBeforeItSigns() {
        KeySchedule schedule = KeySchedule.start(first, t0).rotate(second, t0, LEAD, TOKEN_LIFETIME);

        KeyRing beforeActivation = schedule.ringAt(t0.plus(LEAD).minusSeconds(1));
        assertEquals(first.kid(), beforeActivation.active().kid());
        assertTrue(beforeActivation.find(second.kid()).isPresent(), "the next key is published ahead");
    }

    @Test
    void rotateWhenActivatedThenNewKeySignsAndOldStaysPublishedUntilItsTokensExpire() {
        KeySchedule schedule = KeySchedule.start(first, t0).rotate(second, t0, LEAD, TOKEN_LIFETIME);

        KeyRing afterActivation = schedule.ringAt(t0.plus(LEAD));
        assertEquals(second.kid(), afterActivation.active().kid());
        assertTrue(afterActivation.find(first.kid()).isPresent());

        KeyRing afterRetirement = schedule.ringAt(t0.plus(LEAD).plus(TOKEN_LIFETIME));
        assertEquals(second.kid(), afterRetirement.active().kid());
        assertTrue(afterRetirement.find(first.kid()).isEmpty(), "the old key is unpublished once its tokens expired");
    }

    @Test
    void rotateWhenOldKeysRetiredThenTheyAreDropped() {
        SigningKey third = SigningKey.generate(SigningAlgorithm.ES256);
        KeySchedule schedule = KeySchedule.start(first, t0).rotate(second, t0, LEAD, TOKEN_LIFETIME)
                .rotate(third, t0.plus(Duration.ofDays(1)), LEAD, TOKEN_LIFETIME);

        assertEquals(List.of(second.kid(), third.kid()),
                schedule.entries().stream().map(entry -> entry.key().kid()).toList());
    }

    @Test
    void fromJsonWhenRoundTripThenSameKeysAndTimes() {
        KeySchedule schedule = KeySchedule.start(first, t0).rotate(second, t0, LEAD, TOKEN_LIFETIME);

        KeySchedule read = KeySchedule.fromJson(schedule.toJson());

        assertEquals(schedule.entries().size(), read.entries().size());
        for (int i = 0; i < read.entries().size(); i++) {
            assertEquals(schedule.entries().get(i).key().kid(), read.entries().get(i).key().kid());
            assertEquals(schedule.entries().get(i).activatesAt(), read.entries().get(i).activatesAt());
            assertEquals(schedule.entries().get(i).retiresAt(), read.entries().get(i).retiresAt());
        }
    }

    @Test
    void fromJsonWhenMalformedThenClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeySchedule.fromJson("{\"keys\":[{\"jwk\":{}}]}"));
        assertEquals("the stored signing key schedule is malformed", e.getMessage());
    }
}
