package dev.mcpauth.adapters.storage.memory;

import dev.mcpauth.adapters.storage.contract.UserDirectoryContract;
import dev.mcpauth.application.port.out.UserDirectory;
import dev.mcpauth.domain.user.LocalUser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertThrows;

class InMemoryUserDirectoryTest extends UserDirectoryContract {
    @Override
    protected UserDirectory newDirectory(List<LocalUser> users) {
        return new InMemoryUserDirectory(users);
    }

    @Test
    void constructorWhenTwoUsersShareAUsernameThenRefuses() {
        LocalUser alice = new LocalUser("alice", "hash-1", Optional.empty(), Optional.empty());
        LocalUser otherAlice = new LocalUser("alice", "hash-2", Optional.empty(), Optional.empty());

        assertThrows(IllegalArgumentException.class, () -> new InMemoryUserDirectory(List.of(alice, otherAlice)));
    }
}
