package dev.mcpauth.adapters.http.support;

import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.regex.Pattern;

/**
 * The server's base URL for a request: the configured public URL, or (for development) the request's scheme and
 * Host, optionally from {@code X-Forwarded-*} headers. It is the issuer and the prefix of every resource URL.
 */
@Singleton
public final class BaseUrls {
    private static final Pattern HOST = Pattern.compile("^(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?$");

    private final HttpSettings settings;

    public BaseUrls(HttpSettings settings) {
        this.settings = settings;
    }

    public String baseUrl(HttpRequest<?> request) {
        if (settings.publicUrl().isPresent()) {
            return settings.publicUrl().get();
        }
        String scheme = request.isSecure() ? "https" : "http";
        String host = request.getHeaders().get("Host");
        if (settings.trustProxy()) {
            String forwardedProto = firstValue(request.getHeaders().get("X-Forwarded-Proto"));
            if ("https".equals(forwardedProto) || "http".equals(forwardedProto)) {
                scheme = forwardedProto;
            }
            String forwardedHost = firstValue(request.getHeaders().get("X-Forwarded-Host"));
            if (forwardedHost != null) {
                host = forwardedHost;
            }
        }
        if (host == null || !HOST.matcher(host).matches()) {
            // A missing or malformed Host cannot name the issuer; fall back to the address the request reached.
            host = request.getServerAddress().getHostString() + ":" + request.getServerAddress().getPort();
            if (host.contains(":") && !host.startsWith("[") && host.indexOf(':') != host.lastIndexOf(':')) {
                host = "[" + request.getServerAddress().getHostString() + "]:" + request.getServerAddress().getPort();
            }
        }
        return scheme + "://" + host.toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isSecure(HttpRequest<?> request) {
        return baseUrl(request).startsWith("https://");
    }

    private static String firstValue(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        return (comma < 0 ? header : header.substring(0, comma)).trim();
    }
}
