package dev.mcpauth.adapters.idp.upstream;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Where key material may be fetched from: https anywhere, plain http only on loopback (a local IdP in development
 * and tests); redirects only to the same host and never from https down to http.
 */
final class FetchPolicy {
    static final int MAX_REDIRECTS = 3;
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "[::1]", "::1", "localhost");

    private FetchPolicy() {
    }

    /**
     * @throws IllegalArgumentException when {@code uri} is not an absolute https URL (or http on a loopback host),
     *                                  or carries user info or a fragment
     */
    static void checkFetchable(URI uri, String what) {
        String problem = problemWith(uri);
        if (problem != null) {
            throw new IllegalArgumentException(what + " " + problem);
        }
    }

    /** Why {@code uri} may not be fetched, or null when it may. */
    static String problemWith(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
            return "must be an absolute URL";
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            return "must not carry user info";
        }
        if (uri.getRawFragment() != null) {
            return "must not carry a fragment";
        }
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http") && isLoopback(uri.getHost())) {
            return null;
        }
        return "must use https (plain http is allowed only on 127.0.0.1, [::1] and localhost)";
    }

    static boolean isLoopback(String host) {
        return host != null && LOOPBACK_HOSTS.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Why a redirect from {@code from} to {@code to} is not followed, or null when it is. */
    static String redirectProblem(URI from, URI to) {
        String problem = problemWith(to);
        if (problem != null) {
            return "redirect target " + problem;
        }
        if (!from.getHost().equalsIgnoreCase(to.getHost())) {
            return "redirect to another host";
        }
        if (from.getScheme().equalsIgnoreCase("https") && !to.getScheme().equalsIgnoreCase("https")) {
            return "redirect from https to http";
        }
        return null;
    }
}
