package dev.mcpauth.domain.client;

import dev.mcpauth.domain.error.OAuthError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenEndpointAuthMethodTest {

    @ParameterizedTest
    @EnumSource(TokenEndpointAuthMethod.class)
    void fromValueWhenKnownThenThatMethod(TokenEndpointAuthMethod method) {
        assertEquals(method, TokenEndpointAuthMethod.fromValue(method.value()));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"private_key_jwt", "client_secret_jwt", "NONE", ""})
    void fromValueWhenUnsupportedThenInvalidClientMetadata(String value) {
        assertOAuthError(OAuthError.INVALID_CLIENT_METADATA,
                "token_endpoint_auth_method must be one of none, client_secret_basic, client_secret_post",
                () -> TokenEndpointAuthMethod.fromValue(value));
    }

    @Test
    void usesSecretWhenNoneThenFalseOtherwiseTrue() {
        assertFalse(TokenEndpointAuthMethod.NONE.usesSecret());
        assertTrue(TokenEndpointAuthMethod.CLIENT_SECRET_BASIC.usesSecret());
        assertTrue(TokenEndpointAuthMethod.CLIENT_SECRET_POST.usesSecret());
    }
}
