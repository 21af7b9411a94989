package dev.mcpauth.adapters.http.mcp;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Sends requests to upstream MCP servers over HTTP/1.1 with the JDK client: one client per connect timeout (so, in
 * practice, one), reused for every request, and one timer thread for the idle timeouts of relayed bodies.
 */
@Singleton
final class UpstreamClient {
    private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();
    private ScheduledThreadPoolExecutor timer;

    /**
     * Sends {@code request} and returns once the upstream's response headers arrived; the body follows.
     *
     * @param idleTimeout how long the body may stay silent while read; null: forever (a GET stream)
     * @throws UpstreamException when the upstream cannot be reached, or sends no headers within the read timeout
     */
    UpstreamResponse send(UpstreamApp app, HttpRequest request, Duration idleTimeout) throws UpstreamException {
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> response;
        try {
            response = client(app.connectTimeout()).send(request, HttpResponse.BodyHandlers.ofPublisher());
        } catch (HttpTimeoutException e) {
            // no headers within the read timeout, or no connection within the connect timeout
            throw new UpstreamException(UpstreamException.Kind.TIMEOUT, e);
        } catch (IOException e) {
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(UpstreamException.Kind.UNAVAILABLE, e);
        }
        UpstreamBody body = new UpstreamBody(idleTimeout == null ? null : timer(), idleTimeout);
        response.body().subscribe(body);
        return new UpstreamResponse(response.statusCode(), response.headers(), body);
    }

    private HttpClient client(Duration connectTimeout) {
        return clients.computeIfAbsent(connectTimeout, timeout -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build());
    }

    private synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            timer = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "mcpauth-upstream-timeouts");
                thread.setDaemon(true);
                return thread;
            });
            timer.setRemoveOnCancelPolicy(true);
        }
        return timer;
    }

    @PreDestroy
    synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Status and headers of an upstream response, with its body still to come. */
    record UpstreamResponse(int status, HttpHeaders headers, UpstreamBody body) {
        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /** The upstream could not be reached or did not answer in time. */
    static final class UpstreamException extends Exception {
        enum Kind { UNAVAILABLE, TIMEOUT }

        private final Kind kind;

        UpstreamException(Kind kind, Throwable cause) {
            super(kind + ": " + cause, cause);
            this.kind = kind;
        }

        Kind kind() {
            return kind;
        }
    }
}
