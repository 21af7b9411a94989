package dev.mcpauth.domain.client;

import dev.mcpauth.domain.error.OAuthError;
import dev.mcpauth.domain.error.OAuthException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A redirect URI: absolute, no fragment, https, or http on a loopback address (OAuth 2.1 §2.3.1, RFC 8252 §7.3).
 * Private-use schemes of native apps (RFC 8252 §7.1, reverse domain names such as {@code com.example.app:/cb})
 * are accepted too.
 */
public record RedirectUri(String value) {
    public RedirectUri {
        if (value == null || value.isEmpty()) {
            throw invalid("redirect_uri is required");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid("redirect_uri is not a valid URI");
        }
        if (!uri.isAbsolute()) {
            throw invalid("redirect_uri must be an absolute URI");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("redirect_uri must not contain a fragment");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "https" -> {
                if (uri.getHost() == null) {
                    throw invalid("redirect_uri must name a host");
                }
            }
            case "http" -> {
                if (!isLoopbackHost(uri.getHost())) {
                    throw invalid("http redirect_uri is allowed only on a loopback address (127.0.0.1, [::1] or localhost)");
                }
            }
            default -> {
                // RFC 8252 §7.1: private-use schemes must contain a period (reverse domain name).
                if (!scheme.contains(".")) {
                    throw invalid("redirect_uri must use https, loopback http, or a reverse-domain private-use scheme");
                }
            }
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("redirect_uri must not contain user information");
        }
    }

    /** True for http URIs on 127.0.0.1, [::1] or localhost, whose port the client may choose (RFC 8252 §7.3). */
    public boolean isLoopback() {
        URI uri = URI.create(value);
        return "http".equalsIgnoreCase(uri.getScheme()) && isLoopbackHost(uri.getHost());
    }

    /**
     * Whether a presented redirect URI matches this registered one: exact string comparison, except that for
     * loopback redirects the port is ignored (RFC 8252 §7.3).
     */
    public boolean matches(String presented) {
        if (value.equals(presented)) {
            return true;
        }
        if (presented == null || !isLoopback()) {
            return false;
        }
        URI candidate;
        try {
            candidate = new URI(presented);
        } catch (URISyntaxException e) {
            return false;
        }
        URI registered = URI.create(value);
        return "http".equalsIgnoreCase(candidate.getScheme())
                && candidate.getRawUserInfo() == null
                && candidate.getRawFragment() == null
                && registered.getHost().equalsIgnoreCase(String.valueOf(candidate.getHost()))
                && equalsNullable(registered.getRawPath(), candidate.getRawPath())
                && equalsNullable(registered.getRawQuery(), candidate.getRawQuery());
    }

    static boolean isLoopbackHost(String host) {
        return "127.0.0.1".equals(host) || "[::1]".equals(host) || "localhost".equalsIgnoreCase(host);
    }

    private static boolean equalsNullable(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    private static OAuthException invalid(String description) {
        return new OAuthException(OAuthError.INVALID_REDIRECT_URI, description);
    }

    @Override
    public String toString() {
        return value;
    }
}
