package dev.mcpauth.domain.user;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LocalUserTest {

    @Test
    void subjectWhenUserThenUsername() {
        assertEquals("alice", new LocalUser("alice", "hash", Optional.empty(), Optional.empty()).subject());
    }

    @Test
    void constructorWhenUsernameBlankThenRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new LocalUser(" ", "hash", Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new LocalUser(null, "hash", Optional.empty(), Optional.empty()));
    }

    @Test
    void toStringWhenPrintedThenNoPasswordHash() {
        assertFalse(new LocalUser("alice", "secret-hash", Optional.empty(), Optional.empty()).toString()
                .contains("secret-hash"));
    }
}
