package dev.mcpauth.adapters.idp.upstream;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class FetchPolicyTest {
    @Test
    void problemWithWhenHttpsOrLoopbackHttpThenNone() {
        assertNull(FetchPolicy.problemWith(URI.create("https://idp.example.com/jwks")));
        assertNull(FetchPolicy.problemWith(URI.create("http://127.0.0.1:8080/jwks")));
        assertNull(FetchPolicy.problemWith(URI.create("http://[::1]:8080/jwks")));
        assertNull(FetchPolicy.problemWith(URI.create("http://localhost/jwks")));
    }

    @Test
    void problemWithWhenPlainHttpElsewhereOrOddUrlThenRefused() {
        assertNotNull(FetchPolicy.problemWith(URI.create("http://idp.example.com/jwks")));
        assertNotNull(FetchPolicy.problemWith(URI.create("http://10.0.0.1/jwks")));
        assertNotNull(FetchPolicy.problemWith(URI.create("ftp://idp.example.com/jwks")));
        assertNotNull(FetchPolicy.problemWith(URI.create("file:///etc/passwd")));
        assertNotNull(FetchPolicy.problemWith(URI.create("/relative/jwks")));
        assertNotNull(FetchPolicy.problemWith(URI.create("https://user:pw@idp.example.com/jwks")));
    }

    @Test
    void redirectProblemWhenSameHostThenFollowed() {
        assertNull(FetchPolicy.redirectProblem(URI.create("https://idp.example.com/a"),
                URI.create("https://IDP.example.com/b")));
    }

    @Test
    void redirectProblemWhenAnotherHostOrDowngradeThenRefused() {
        assertNotNull(FetchPolicy.redirectProblem(URI.create("https://idp.example.com/a"),
                URI.create("https://evil.example.com/b")));
        assertNotNull(FetchPolicy.redirectProblem(URI.create("https://localhost/a"),
                URI.create("http://localhost/b")));
        assertNotNull(FetchPolicy.redirectProblem(URI.create("https://idp.example.com/a"),
                URI.create("http://idp.example.com/b")));
    }
}
