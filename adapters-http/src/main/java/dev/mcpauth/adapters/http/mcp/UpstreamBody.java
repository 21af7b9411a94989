package dev.mcpauth.adapters.http.mcp;

import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The body of an upstream response, relayed as it arrives: subscribed to the upstream exchange's body publisher, and
 * itself a single-use Reactive Streams publisher of the same bytes for the server's response. The upstream is asked for the
 * next piece only when the client has taken the last one, so backpressure holds end to end and nothing is buffered
 * beyond one piece. With an idle timeout, an upstream that sends nothing for that long while asked is given up on:
 * the response ends with a trailer (for SSE, a JSON-RPC error event) or, lacking one, with an error.
 *
 * <p>Before the response is committed, one piece is fetched ahead, so that the gateway can still answer 504 when
 * the upstream sends headers and then nothing ({@link #first()}). A body that is all there by then (a small answer
 * usually comes in one read) can be taken whole ({@link #takeWhole()}) and sent with a length, in one write.
 */
final class UpstreamBody implements Flow.Subscriber<List<ByteBuffer>>, RawBody {
    /** How the body began. */
    enum First { DATA, END, FAILED, TIMED_OUT }

    private enum Terminal { COMPLETE, ERROR, TIMEOUT }

    private final ScheduledExecutorService timer;
    private final Duration idleTimeout;
    private final CompletableFuture<First> first = new CompletableFuture<>();

    // Everything below is guarded by this.
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private Flow.Subscription upstream;
    private boolean upstreamRequested;
    private boolean prefetched;
    private boolean sawData;
    private long generation;
    private ScheduledFuture<?> pendingTimeout;
    private Terminal terminal;
    private Throwable failure;
    private byte[] timeoutTrailer;
    private boolean headFirst;
    private boolean subscribed;
    private Subscriber<Object> downstream;
    private Function<ByteBuffer, ?> mapper;
    private long demand;
    private Throwable downstreamFailure;
    private boolean cancelled;
    private boolean downstreamDone;
    private boolean emitting;

    /**
     * @param timer       the upstream connection's event loop, where the body arrives: runs the idle timeouts and
     *                    settles {@link #first()}
     * @param idleTimeout how long the upstream may stay silent while asked for more; null: forever
     */
    UpstreamBody(ScheduledExecutorService timer, Duration idleTimeout) {
        this.timer = Objects.requireNonNull(timer);
        this.idleTimeout = idleTimeout;
    }

    /** What to append when the idle timeout strikes after the response began (for SSE: an error event). */
    synchronized void onIdleTimeoutAppend(byte[] trailer) {
        this.timeoutTrailer = trailer;
    }

    /**
     * Starts the relayed body with an empty piece: the server writes a response's head only with its first piece, and
     * a stream that may stay silent (a GET stream) must not keep the client waiting for its headers. An empty chunk
     * puts nothing on the wire.
     */
    synchronized void sendHeadFirst() {
        this.headFirst = true;
    }

    /**
     * How the body begins: the first bytes, the end, a failure or, when the upstream stays silent past the idle
     * timeout, TIMED_OUT (then {@link #discard()} it). DATA is told once the event loop has handled everything it read
     * with the first bytes, so that a body that came whole is known to be whole ({@link #takeWhole()}).
     */
    CompletableFuture<First> first() {
        return first;
    }

    /**
     * The whole body, when the upstream has already sent all of it and nothing has read it yet: the body is then
     * used up. Empty while more is to come (or the body failed, or is being read).
     */
    synchronized Optional<byte[]> takeWhole() {
        if (terminal != Terminal.COMPLETE || subscribed || cancelled) {
            return Optional.empty();
        }
        subscribed = true;
        ByteBuffer all = queue.isEmpty() ? ByteBuffer.allocate(0) : merge(List.copyOf(queue));
        queue.clear();
        byte[] whole = new byte[all.remaining()];
        all.get(whole);
        return Optional.of(whole);
    }

    /** Gives up on the body: the upstream exchange is cancelled (its connection closed). */
    void discard() {
        Flow.Subscription subscription;
        synchronized (this) {
            cancelled = true;
            queue.clear();
            cancelTimeout();
            subscription = upstream;
        }
        if (subscription != null) {
            subscription.cancel();
        }
        drain();
    }

    /** The bytes as a publisher of {@code T}, for one subscriber. */
    <T> Publisher<T> publisher(Function<ByteBuffer, T> toItem) {
        return subscriber -> subscribe(subscriber, toItem);
    }

    /**
     * Reads the body until it ends or {@code enough} says the bytes so far suffice (the rest is then discarded).
     *
     * @return the bytes; or failed with an IOException when the upstream fails, stays silent past the idle timeout,
     * or sends more than {@code max}
     */
    CompletableFuture<byte[]> collect(int max, Predicate<byte[]> enough) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        subscribe(new Subscriber<ByteBuffer>() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            private Subscription subscription;

            @Override
            public void onSubscribe(Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(ByteBuffer buffer) {
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
                if (bytes.size() > max) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("the upstream response exceeds " + max + " bytes"));
                } else if (enough.test(bytes.toByteArray())) {
                    subscription.cancel();
                    result.complete(bytes.toByteArray());
                } else {
                    subscription.request(1);
                }
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t instanceof IOException ? t : new IOException(t));
            }

            @Override
            public void onComplete() {
                result.complete(bytes.toByteArray());
            }
        }, Function.identity());
        if (idleTimeout != null) {
            // each piece has its idle timeout; this bounds a trickle that never ends
            ScheduledFuture<?> overall = timer.schedule(() -> {
                if (result.completeExceptionally(new UpstreamTimeoutException())) {
                    discard();
                }
            }, idleTimeout.toMillis() * 4 + 1000, TimeUnit.MILLISECONDS);
            result.whenComplete((bytes, failure) -> overall.cancel(false));
        }
        return result;
    }

    // Flow.Subscriber: the upstream side

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        boolean reject;
        synchronized (this) {
            reject = upstream != null || cancelled;
            if (upstream == null) {
                upstream = subscription;
            }
        }
        if (reject) {
            subscription.cancel();
        }
        drain();
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        ByteBuffer piece = merge(buffers);
        boolean firstData = false;
        synchronized (this) {
            upstreamRequested = false;
            cancelTimeout();
            if (!cancelled && piece.hasRemaining()) {
                queue.add(piece);
            }
            if (piece.hasRemaining() && !sawData) {
                sawData = true;
                firstData = true;
            }
        }
        if (firstData) {
            // after the rest of this read (often the end of the body) has been handled on the loop
            timer.execute(() -> first.complete(First.DATA));
        }
        drain();
    }

    @Override
    public void onError(Throwable throwable) {
        boolean dataFirst;
        synchronized (this) {
            if (terminal == null) {
                terminal = Terminal.ERROR;
                failure = throwable;
            }
            cancelTimeout();
            dataFirst = sawData;
        }
        if (!dataFirst) {
            first.complete(First.FAILED);
        }
        drain();
    }

    @Override
    public void onComplete() {
        boolean dataFirst;
        synchronized (this) {
            if (terminal == null) {
                terminal = Terminal.COMPLETE;
            }
            cancelTimeout();
            dataFirst = sawData;
        }
        if (!dataFirst) {
            first.complete(First.END);
        }
        drain();
    }

    // the downstream side

    @SuppressWarnings("unchecked")
    private <T> void subscribe(Subscriber<? super T> subscriber, Function<ByteBuffer, T> toItem) {
        boolean again;
        synchronized (this) {
            again = subscribed;
            subscribed = true;
        }
        if (again) {
            subscriber.onSubscribe(new Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("an upstream body can be read once"));
            return;
        }
        subscriber.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                synchronized (UpstreamBody.this) {
                    if (n <= 0) {
                        downstreamFailure = new IllegalArgumentException("Reactive Streams §3.9: request " + n);
                    } else {
                        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    }
                }
                drain();
            }

            @Override
            public void cancel() {
                discard();
            }
        });
        synchronized (this) {
            downstream = (Subscriber<Object>) subscriber;
            mapper = toItem;
        }
        drain();
    }

    /** Moves pieces downstream and asks the upstream for more, one thread at a time (the others leave it work). */
    private void drain() {
        synchronized (this) {
            if (emitting) {
                return; // the emitting thread loops until there is nothing left to do, this work included
            }
            emitting = true;
        }
        while (true) {
            Subscriber<Object> target = null;
            Object item = null;
            boolean complete = false;
            Throwable error = null;
            Flow.Subscription requestFrom = null;
            Flow.Subscription cancelUpstream = null;
            synchronized (this) {
                if (downstream != null && !downstreamDone) {
                    target = downstream;
                    if (downstreamFailure != null) {
                        downstreamDone = true;
                        error = downstreamFailure;
                        cancelled = true;
                        queue.clear();
                        cancelUpstream = upstream;
                    } else if (cancelled) {
                        downstreamDone = true;
                    } else if (demand > 0 && headFirst) {
                        item = mapper.apply(ByteBuffer.allocate(0));
                        demand--;
                        headFirst = false;
                    } else if (demand > 0 && !queue.isEmpty()) {
                        item = mapper.apply(queue.poll());
                        demand--;
                    } else if (queue.isEmpty() && terminal != null) {
                        if (terminal == Terminal.TIMEOUT && timeoutTrailer != null) {
                            if (demand > 0) {
                                item = mapper.apply(ByteBuffer.wrap(timeoutTrailer));
                                demand--;
                                timeoutTrailer = null;
                                terminal = Terminal.COMPLETE; // the trailer told the client: end normally
                            }
                        } else {
                            downstreamDone = true;
                            if (terminal == Terminal.COMPLETE) {
                                complete = true;
                            } else {
                                error = terminal == Terminal.ERROR ? failure : new UpstreamTimeoutException();
                            }
                        }
                    }
                }
                if (item == null && !complete && error == null && terminal == null && !cancelled && upstream != null
                        && !upstreamRequested && queue.isEmpty() && (downstream == null ? !prefetched : demand > 0)) {
                    upstreamRequested = true;
                    prefetched = true;
                    requestFrom = upstream;
                    scheduleTimeout();
                }
                if (item == null && !complete && error == null && requestFrom == null && cancelUpstream == null) {
                    emitting = false;
                    return;
                }
            }
            if (cancelUpstream != null) {
                cancelUpstream.cancel();
            }
            if (requestFrom != null) {
                requestFrom.request(1);
            }
            if (item != null) {
                target.onNext(item);
            }
            if (complete) {
                target.onComplete();
            } else if (error != null && target != null) {
                target.onError(error);
            }
        }
    }

    /** Guarded by this. */
    private void scheduleTimeout() {
        if (idleTimeout == null) {
            return;
        }
        long current = ++generation;
        pendingTimeout = timer.schedule(() -> idle(current), idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Guarded by this. */
    private void cancelTimeout() {
        if (pendingTimeout != null) {
            pendingTimeout.cancel(false);
            pendingTimeout = null;
        }
    }

    private void idle(long expectedGeneration) {
        Flow.Subscription subscription;
        synchronized (this) {
            if (terminal != null || cancelled || !upstreamRequested || generation != expectedGeneration) {
                return;
            }
            terminal = Terminal.TIMEOUT;
            pendingTimeout = null;
            subscription = upstream;
        }
        subscription.cancel();
        first.complete(First.TIMED_OUT);
        drain();
    }

    private static ByteBuffer merge(List<ByteBuffer> buffers) {
        if (buffers.size() == 1) {
            return buffers.get(0);
        }
        int size = 0;
        for (ByteBuffer buffer : buffers) {
            size += buffer.remaining();
        }
        ByteBuffer merged = ByteBuffer.allocate(size);
        for (ByteBuffer buffer : buffers) {
            merged.put(buffer);
        }
        return merged.flip();
    }

    /** The upstream stayed silent past its read timeout. */
    static final class UpstreamTimeoutException extends IOException {
        UpstreamTimeoutException() {
            super("the upstream MCP server sent nothing within its read timeout");
        }
    }
}
