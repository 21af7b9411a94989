package dev.mcpauth.domain.client;

import dev.mcpauth.domain.error.OAuthError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ClientIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"client-1", "a", "https://client.example/metadata.json", "with space ~!"})
    void constructorWhenPrintableAsciiThenAccepted(String value) {
        assertEquals(value, new ClientId(value).value());
        assertEquals(value, new ClientId(value).toString());
    }

    @ParameterizedTest
    @NullAndEmptySource
    void constructorWhenMissingThenInvalidRequest(String value) {
        assertOAuthError(OAuthError.INVALID_REQUEST, "client_id is required", () -> new ClientId(value));
    }

    @Test
    void constructorWhenLongerThan2048ThenInvalidRequest() {
        assertEquals(2048, new ClientId("a".repeat(2048)).value().length());
        assertOAuthError(OAuthError.INVALID_REQUEST, "client_id is too long", () -> new ClientId("a".repeat(2049)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"client\n1", "client\t1", "cliént", "client\u007f"})
    void constructorWhenNotPrintableAsciiThenInvalidRequest(String value) {
        assertOAuthError(OAuthError.INVALID_REQUEST, "client_id contains characters outside printable ASCII",
                () -> new ClientId(value));
    }
}
