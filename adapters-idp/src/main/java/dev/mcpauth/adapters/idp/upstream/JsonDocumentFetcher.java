package dev.mcpauth.adapters.idp.upstream;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches one JSON document (discovery metadata or a JWK Set) under the {@link FetchPolicy}: one deadline for the
 * whole fetch, redirects followed by hand, the body read up to a cap whatever {@code Content-Length} says, and only
 * a 200 answer with a JSON media type accepted.
 */
final class JsonDocumentFetcher {
    private final HttpClient client;
    private final Duration timeout;
    private final int maxBytes;

    JsonDocumentFetcher(Duration timeout, int maxBytes) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        HttpClient.Builder builder = HttpClient.newBuilder();
        // the JVM's proxy settings (https.proxyHost, http.nonProxyHosts), as an enterprise network may require
        ProxySelector proxies = ProxySelector.getDefault();
        if (proxies != null) {
            builder.proxy(proxies);
        }
        this.client = builder
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    Map<String, Object> fetch(URI uri) throws FetchException {
        String problem = FetchPolicy.problemWith(uri);
        if (problem != null) {
            throw new FetchException(uri + " " + problem, 0);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        URI current = uri;
        for (int redirects = 0; ; redirects++) {
            HttpResponse<byte[]> response = send(current, deadline);
            int status = response.statusCode();
            if (isRedirect(status)) {
                current = redirectTarget(current, response, redirects);
                continue;
            }
            if (status != 200) {
                throw new FetchException("status " + status + " from " + current, status);
            }
            if (!isJson(response.headers().firstValue("Content-Type"))) {
                throw new FetchException(current + " did not answer with JSON", status);
            }
            try {
                return JSONObjectUtils.parse(new String(response.body(), StandardCharsets.UTF_8));
            } catch (ParseException e) {
                throw new FetchException(current + " answered with malformed JSON", status);
            }
        }
    }

    private URI redirectTarget(URI current, HttpResponse<?> response, int redirectsSoFar) throws FetchException {
        if (redirectsSoFar >= FetchPolicy.MAX_REDIRECTS) {
            throw new FetchException("more than " + FetchPolicy.MAX_REDIRECTS + " redirects from " + current,
                    response.statusCode());
        }
        Optional<String> location = response.headers().firstValue("Location");
        if (location.isEmpty()) {
            throw new FetchException("redirect without Location from " + current, response.statusCode());
        }
        URI next;
        try {
            next = current.resolve(new URI(location.get()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new FetchException("redirect to a malformed Location from " + current, response.statusCode());
        }
        String problem = FetchPolicy.redirectProblem(current, next);
        if (problem != null) {
            throw new FetchException(problem + " (" + current + " -> " + next + ")", response.statusCode());
        }
        return next;
    }

    private HttpResponse<byte[]> send(URI uri, long deadline) throws FetchException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new FetchException("timed out fetching " + uri, 0);
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(remaining))
                .header("Accept", "application/json, application/jwk-set+json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request, info ->
                info.statusCode() == 200 && isJson(info.headers().firstValue("Content-Type"))
                        ? new CappedBodySubscriber(maxBytes)
                        : CappedBodySubscriber.discarding());
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new FetchException("timed out fetching " + uri, 0, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException("interrupted fetching " + uri, 0, e);
        } catch (ExecutionException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof TooLargeException) {
                    throw new FetchException(uri + " answered with more than " + maxBytes + " bytes", 200);
                }
            }
            throw new FetchException("cannot fetch " + uri + ": " + e.getCause(), 0, e.getCause());
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean isJson(Optional<String> contentType) {
        if (contentType.isEmpty()) {
            return false;
        }
        String mediaType = contentType.get().split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || (mediaType.startsWith("application/")
                && mediaType.endsWith("+json"));
    }

    private static final class TooLargeException extends IOException {
        TooLargeException() {
            super("response body too large", null);
        }
    }

    /** Collects the body until the cap, then cancels the stream; or, discarding, cancels it at once. */
    private static final class CappedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final int cap;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        CappedBodySubscriber(int cap) {
            this.cap = cap;
        }

        static CappedBodySubscriber discarding() {
            return new CappedBodySubscriber(-1);
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (cap < 0) {
                subscription.cancel();
                result.complete(null);
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if ((long) body.size() + buffer.remaining() > cap) {
                    subscription.cancel();
                    result.completeExceptionally(new TooLargeException());
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                body.write(chunk, 0, chunk.length);
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(body.toByteArray());
        }
    }
}
