package dev.mcpauth.adapters.storage.contract;

import dev.mcpauth.application.port.out.UserDirectory;
import dev.mcpauth.domain.user.LocalUser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What every {@link UserDirectory} must do; a subclass supplies a directory holding the given users. */
public abstract class UserDirectoryContract {
    private static final LocalUser ALICE =
            new LocalUser("alice", "$argon2id$hash-of-alice", Optional.of("alice@example.com"), Optional.of("Alice"));
    private static final LocalUser BOB = new LocalUser("bob", "$argon2id$hash-of-bob", Optional.empty(),
            Optional.empty());

    protected abstract UserDirectory newDirectory(List<LocalUser> users);

    @Test
    void findWhenUsernameMatchesThenReturnsTheUser() {
        UserDirectory directory = newDirectory(List.of(ALICE, BOB));

        assertEquals(Optional.of(ALICE), directory.find("alice"));
        assertEquals(Optional.of(BOB), directory.find("bob"));
    }

    @Test
    void findWhenUnknownThenEmpty() {
        UserDirectory directory = newDirectory(List.of(ALICE));

        assertEquals(Optional.empty(), directory.find("mallory"));
    }

    @Test
    void findWhenCaseDiffersThenEmpty() {
        UserDirectory directory = newDirectory(List.of(ALICE));

        assertEquals(Optional.empty(), directory.find("Alice"));
        assertEquals(Optional.empty(), directory.find("ALICE"));
    }

    @Test
    void findWhenNoUsersThenEmpty() {
        assertEquals(Optional.empty(), newDirectory(List.of()).find("alice"));
    }
}
