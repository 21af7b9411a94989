package dev.mcpauth.domain.resource;

import dev.mcpauth.domain.error.OAuthError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class AudienceTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://mcp.example/mcp", "https://mcp.example", "http://localhost:8080/mcp",
            "urn:example:resource"})
    void constructorWhenAbsoluteUriWithoutFragmentThenAccepted(String value) {
        assertEquals(value, new Audience(value).value());
        assertEquals(value, new Audience(value).toString());
    }

    @ParameterizedTest
    @NullAndEmptySource
    void constructorWhenMissingThenInvalidTarget(String value) {
        assertOAuthError(OAuthError.INVALID_TARGET, "resource must not be empty", () -> new Audience(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/mcp", "mcp.example/mcp", "https://mcp.example/mcp#frag"})
    void constructorWhenRelativeOrWithFragmentThenInvalidTarget(String value) {
        assertOAuthError(OAuthError.INVALID_TARGET, "resource must be an absolute URI without a fragment",
                () -> new Audience(value));
    }

    @Test
    void constructorWhenNotAUriThenInvalidTarget() {
        assertOAuthError(OAuthError.INVALID_TARGET, "resource is not a valid URI",
                () -> new Audience("https://mcp example/mcp"));
    }

    @Test
    void equalsWhenSameStringThenEqualOtherwiseNot() {
        assertEquals(new Audience("https://a.example/mcp"), new Audience("https://a.example/mcp"));
        assertNotEquals(new Audience("https://a.example/mcp"), new Audience("https://a.example/mcp/"));
    }
}
