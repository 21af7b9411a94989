package dev.mcpauth.adapters.http.operations;

import dev.mcpauth.adapters.http.support.HttpSettings;
import dev.mcpauth.domain.app.McpApp;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.time.Duration;
import java.util.Optional;

/**
 * Counts and times the requests to each app's MCP endpoint, up to the response head (for a streamed SSE response,
 * the time to its first byte).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public final class GatewayMetricsFilter {
    private static final String STARTED = GatewayMetricsFilter.class.getName() + ".started";

    private final HttpSettings settings;
    private final Metrics metrics;

    public GatewayMetricsFilter(HttpSettings settings, Metrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    @RequestFilter
    public void start(HttpRequest<?> request) {
        if (app(request).isPresent()) {
            request.setAttribute(STARTED, System.nanoTime());
        }
    }

    @ResponseFilter
    public void record(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Optional<Long> started = request.getAttribute(STARTED, Long.class);
        Optional<McpApp> app = app(request);
        if (started.isPresent() && app.isPresent()) {
            metrics.gatewayRequest(app.get().id(), request.getMethodName(), response.code(),
                    Duration.ofNanos(System.nanoTime() - started.get()));
        }
    }

    private Optional<McpApp> app(HttpRequest<?> request) {
        String path = request.getPath();
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return settings.appAt(normalized);
    }
}
