package dev.mcpauth.adapters.http.mcp;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The upstream MCP server (Streamable HTTP) an app's requests are forwarded to.
 *
 * @param uri            the upstream's MCP endpoint, {@code http} or {@code https}
 * @param connectTimeout how long connecting to the upstream may take
 * @param readTimeout    how long the gateway waits for the upstream to say something: its response headers and, for
 *                       a POST or DELETE, each next piece of the body. A GET stream (server-to-client messages) may
 *                       idle for as long as it likes.
 * @param forwardToken   transparent mode only: hand the client's own {@code Authorization} header on (token
 *                       passthrough, which the MCP authorization spec forbids otherwise)
 * @param identity       how the upstream learns who calls
 */
public record UpstreamApp(URI uri, Duration connectTimeout, Duration readTimeout, boolean forwardToken,
                          UpstreamIdentity identity) {
    public UpstreamApp {
        Objects.requireNonNull(uri);
        Objects.requireNonNull(identity);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null) {
            throw new IllegalArgumentException("an upstream is an absolute http or https URL: " + uri);
        }
        positive(connectTimeout, "connect");
        positive(readTimeout, "read");
    }

    /** Told who calls by both the headers and the assertion. */
    public UpstreamApp(URI uri, Duration connectTimeout, Duration readTimeout, boolean forwardToken) {
        this(uri, connectTimeout, readTimeout, forwardToken, UpstreamIdentity.HEADERS_AND_ASSERTION);
    }

    /** Without token passthrough, told who calls by both the headers and the assertion. */
    public UpstreamApp(URI uri, Duration connectTimeout, Duration readTimeout) {
        this(uri, connectTimeout, readTimeout, false);
    }

    private static void positive(Duration timeout, String name) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the " + name + " timeout must be positive");
        }
    }
}
