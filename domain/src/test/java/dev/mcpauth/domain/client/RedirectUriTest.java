package dev.mcpauth.domain.client;

import dev.mcpauth.domain.error.OAuthError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.mcpauth.domain.fixtures.OAuthAssertions.assertOAuthError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedirectUriTest {

    @Test
    void constructorWhenHttpsThenAccepted() {
        assertEquals("https://client.example/cb?x=1", new RedirectUri("https://client.example/cb?x=1").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/cb", "http://127.0.0.1:8080/cb", "http://[::1]:8080/cb",
            "http://localhost:3000/cb", "http://127.0.0.1"})
    void constructorWhenHttpOnLoopbackThenAccepted(String value) {
        assertTrue(new RedirectUri(value).isLoopback());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://client.example/cb", "http://192.168.1.10/cb", "http://localhost.evil.example/cb",
            "http://127.0.0.2/cb"})
    void constructorWhenHttpOnNonLoopbackThenInvalidRedirectUri(String value) {
        assertOAuthError(OAuthError.INVALID_REDIRECT_URI,
                "http redirect_uri is allowed only on a loopback address (127.0.0.1, [::1] or localhost)",
                () -> new RedirectUri(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://client.example/cb#frag", "https://client.example/cb#", "http://127.0.0.1/cb#x"})
    void constructorWhenFragmentThenInvalidRedirectUri(String value) {
        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, "redirect_uri must not contain a fragment",
                () -> new RedirectUri(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/cb", "cb", "//client.example/cb"})
    void constructorWhenRelativeThenInvalidRedirectUri(String value) {
        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, "redirect_uri must be an absolute URI",
                () -> new RedirectUri(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user:pw@client.example/cb", "https://user@client.example/cb",
            "http://user@127.0.0.1/cb"})
    void constructorWhenUserInfoThenInvalidRedirectUri(String value) {
        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, "redirect_uri must not contain user information",
                () -> new RedirectUri(value));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void constructorWhenMissingThenInvalidRedirectUri(String value) {
        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, "redirect_uri is required", () -> new RedirectUri(value));
    }

    @Test
    void constructorWhenNotAUriThenInvalidRedirectUri() {
        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, "redirect_uri is not a valid URI",
                () -> new RedirectUri("https://client example/cb"));
    }

    @Test
    void constructorWhenHttpsWithoutHostThenInvalidRedirectUri() {
        assertOAuthError(OAuthError.INVALID_REDIRECT_URI, "redirect_uri must name a host",
                () -> new RedirectUri("https:/cb"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"com.example.app:/oauth2redirect", "com.example.app://callback", "dev.mcp.client:/cb"})
    void constructorWhenReverseDomainPrivateUseSchemeThenAccepted(String value) {
        RedirectUri uri = new RedirectUri(value);
        assertFalse(uri.isLoopback());
    }

    @ParameterizedTest
    @ValueSource(strings = {"myapp:/cb", "javascript:alert(1)", "ftp://client.example/cb", "file:///etc/passwd"})
    void constructorWhenSchemeWithoutDotThenInvalidRedirectUri(String value) {
        assertOAuthError(OAuthError.INVALID_REDIRECT_URI,
                "redirect_uri must use https, loopback http, or a reverse-domain private-use scheme",
                () -> new RedirectUri(value));
    }

    @Test
    void isLoopbackWhenHttpsOnLoopbackHostThenFalse() {
        assertFalse(new RedirectUri("https://127.0.0.1/cb").isLoopback());
        assertFalse(new RedirectUri("https://client.example/cb").isLoopback());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://client.example/cb", "https://client.example:8443/cb?x=1",
            "http://127.0.0.1:8080/cb", "com.example.app:/cb"})
    void matchesWhenExactStringThenTrue(String value) {
        assertTrue(new RedirectUri(value).matches(value));
    }

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1/cb, http://127.0.0.1:51234/cb",
            "http://127.0.0.1:8080/cb, http://127.0.0.1:9090/cb",
            "http://127.0.0.1:8080/cb, http://127.0.0.1/cb",
            "http://[::1]/cb, http://[::1]:51234/cb",
            "http://[::1]:8080/cb, http://[::1]:9999/cb",
            "http://localhost/cb, http://localhost:51234/cb",
            "http://127.0.0.1/cb?x=1&y=2, http://127.0.0.1:5000/cb?x=1&y=2",
            "http://127.0.0.1, http://127.0.0.1:5000"
    })
    void matchesWhenLoopbackWithAnyPortAndSamePathAndQueryThenTrue(String registered, String presented) {
        assertTrue(new RedirectUri(registered).matches(presented));
    }

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1/cb, http://127.0.0.1:5000/other",
            "http://127.0.0.1/cb, http://127.0.0.1:5000/cb/",
            "http://127.0.0.1/cb, http://127.0.0.1:5000/CB",
            "http://127.0.0.1/cb?x=1, http://127.0.0.1:5000/cb?x=2",
            "http://127.0.0.1/cb?x=1, http://127.0.0.1:5000/cb",
            "http://127.0.0.1/cb, http://127.0.0.1:5000/cb?x=1",
            "http://127.0.0.1/cb, http://localhost:5000/cb",
            "http://127.0.0.1/cb, http://[::1]:5000/cb",
            "http://localhost/cb, http://127.0.0.1:5000/cb",
            "http://127.0.0.1/cb, https://127.0.0.1:5000/cb",
            "http://127.0.0.1/cb, http://127.0.0.1:5000/cb#frag",
            "http://127.0.0.1/cb, http://user@127.0.0.1:5000/cb",
            "http://127.0.0.1/cb, http://127.0.0.1:5000@evil.example/cb",
            "http://127.0.0.1/cb, http://evil.example:5000/cb",
            "http://127.0.0.1/cb, not a uri"
    })
    void matchesWhenLoopbackButPathQueryHostOrSchemeDiffersThenFalse(String registered, String presented) {
        assertFalse(new RedirectUri(registered).matches(presented));
    }

    @ParameterizedTest
    @CsvSource({
            "https://client.example/cb, https://client.example:8443/cb",
            "https://client.example/cb, https://client.example:443/cb",
            "https://client.example/cb, https://client.example/cb/",
            "https://client.example/cb/, https://client.example/cb",
            "https://client.example/cb, https://other.example/cb",
            "https://client.example/cb, https://client.example/other",
            "https://client.example/cb, https://CLIENT.example/cb",
            "https://client.example/cb, https://client.example/cb?x=1",
            "com.example.app:/cb, com.example.app:/cb2"
    })
    void matchesWhenNotLoopbackAndStringDiffersThenFalse(String registered, String presented) {
        assertFalse(new RedirectUri(registered).matches(presented));
    }

    @Test
    void matchesWhenNullThenFalse() {
        assertFalse(new RedirectUri("http://127.0.0.1/cb").matches(null));
        assertFalse(new RedirectUri("https://client.example/cb").matches(null));
    }
}
