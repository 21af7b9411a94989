package dev.mcpauth.adapters.http.mcp;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One keep-alive HTTP/1.1 connection to an upstream, on one of the server's event loops, carrying one
 * {@link Exchange} at a time. The channel reads only when asked (auto-read off): during an exchange, as fast as the
 * body's subscriber takes it, so backpressure reaches the upstream's socket; while idle in its pool, so that the
 * upstream closing it is noticed at once rather than by the next request.
 *
 * <p>All exchange state lives on the channel's event loop; other threads hand work to it.
 */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {
    /** Without a {@code Keep-Alive: timeout=N} from the upstream, how long an idle connection is kept. */
    static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(4);
    private static final Duration MAX_KEEP_ALIVE = Duration.ofSeconds(60);
    /** How much earlier than the upstream's announced keep-alive timeout the gateway gives the connection up. */
    private static final Duration KEEP_ALIVE_MARGIN = Duration.ofSeconds(1);

    private static final int BUSY = 0;
    private static final int IDLE = 1;
    private static final int CLOSED = 2;

    /** Where the connection waits while idle: most recently used first. */
    private final Deque<UpstreamConnection> pool;
    private final AtomicInteger state = new AtomicInteger(BUSY);
    private Channel channel;
    private int exchangesStarted; // by the thread that holds the connection (BUSY)
    private Exchange current;     // event loop only
    private ScheduledFuture<?> expiry; // event loop only

    UpstreamConnection(Deque<UpstreamConnection> pool) {
        this.pool = pool;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** Takes the connection out of its pool for an exchange: false when it is closed or gone stale meanwhile. */
    boolean claim() {
        if (!state.compareAndSet(IDLE, BUSY)) {
            return false;
        }
        if (!channel.isActive()) {
            state.set(CLOSED);
            return false;
        }
        return true;
    }

    /**
     * Sends {@code request} to {@code uri} and returns the exchange that receives the answer.
     *
     * @param headTimeout how long the upstream has to send its response headers
     * @return the exchange; its head fails with {@link NotSent} when the connection was found closed before the
     * request could leave (which may be retried on another connection), with {@link NoAnswer} when the headers did
     * not come in time
     */
    Exchange start(URI uri, UpstreamRequest request, Duration headTimeout) {
        Exchange exchange = new Exchange(exchangesStarted++ > 0);
        FullHttpRequest message = message(uri, request);
        onLoop(() -> begin(exchange, message, headTimeout));
        return exchange;
    }

    /** Where the connection goes, resolved. */
    InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    private void begin(Exchange exchange, FullHttpRequest message, Duration headTimeout) {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        if (!channel.isActive()) {
            message.release();
            exchange.fail(new NotSent());
            return;
        }
        current = exchange;
        exchange.headTimeout = channel.eventLoop().schedule(() -> exchange.fail(new NoAnswer(headTimeout)),
                headTimeout.toMillis(), TimeUnit.MILLISECONDS);
        channel.writeAndFlush(message).addListener(written -> {
            if (!written.isSuccess()) {
                exchange.fail(new NotSent(written.cause()));
                channel.close();
            }
        });
        channel.read();
    }

    private static FullHttpRequest message(URI uri, UpstreamRequest request) {
        String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        FullHttpRequest message = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
                HttpMethod.valueOf(request.method()), target, Unpooled.wrappedBuffer(request.body()));
        HttpHeaders headers = message.headers();
        headers.set(HttpHeaderNames.HOST, uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        for (Map.Entry<String, String> header : request.headers()) {
            headers.add(header.getKey(), header.getValue());
        }
        if (request.body().length > 0 || "POST".equals(request.method())) {
            headers.set(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
        }
        return message;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            Exchange exchange = current;
            if (exchange == null) {
                ctx.close(); // an idle connection has nothing to say
            } else if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
                exchange.fail(new IOException("malformed upstream response: " + object.decoderResult().cause()));
                ctx.close();
            } else {
                exchange.onMessage(msg);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (current != null && current.wantsMore()) {
            channel.read();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (current != null) {
            current.fail(new IOException("the upstream closed the connection"));
        }
        if (state.getAndSet(CLOSED) == IDLE) {
            pool.remove(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (current != null) {
            current.fail(cause);
        }
        ctx.close();
    }

    /** The exchange's response is all read: the connection goes back to its pool, or closes. */
    private void finished(Exchange exchange, boolean reusable) {
        if (current != exchange) {
            return;
        }
        current = null;
        if (!reusable || !channel.isActive()) {
            channel.close();
            return;
        }
        Duration keepAlive = exchange.keepAlive;
        state.set(IDLE);
        expiry = channel.eventLoop().schedule(this::expire, keepAlive.toMillis(), TimeUnit.MILLISECONDS);
        channel.read(); // to see the upstream close it
        pool.addFirst(this);
    }

    private void expire() {
        expiry = null;
        if (state.compareAndSet(IDLE, CLOSED)) {
            pool.remove(this);
            channel.close();
        }
    }

    void close() {
        state.set(CLOSED);
        channel.close();
    }

    private void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }

    /** How long the upstream lets an idle connection live, less a margin; {@code Keep-Alive} is RFC 2068's. */
    static Duration keepAlive(HttpHeaders headers) {
        String value = headers.get("Keep-Alive");
        if (value != null) {
            for (String parameter : value.split(",")) {
                String[] pair = parameter.trim().split("=", 2);
                if (pair.length == 2 && "timeout".equals(pair[0].trim().toLowerCase(Locale.ROOT))) {
                    try {
                        Duration announced = Duration.ofSeconds(Long.parseLong(pair[1].trim()));
                        Duration kept = announced.minus(KEEP_ALIVE_MARGIN);
                        return kept.isNegative() ? Duration.ZERO
                                : kept.compareTo(MAX_KEEP_ALIVE) > 0 ? MAX_KEEP_ALIVE : kept;
                    } catch (NumberFormatException | ArithmeticException e) {
                        return DEFAULT_KEEP_ALIVE;
                    }
                }
            }
        }
        return DEFAULT_KEEP_ALIVE;
    }

    /** Status and headers of an upstream response. */
    record Head(int status, HttpHeaders headers) {
    }

    /** The upstream sent no response headers within the read timeout. */
    static final class NoAnswer extends IOException {
        NoAnswer(Duration timeout) {
            super("the upstream sent no response within " + timeout.toMillis() + " ms");
        }
    }

    /** The connection was found closed before the request left: nothing reached the upstream. */
    static final class NotSent extends IOException {
        NotSent() {
            super("the upstream connection was closed before the request was sent");
        }

        NotSent(Throwable cause) {
            super("the request could not be sent to the upstream: " + cause, cause);
        }
    }

    /**
     * One request and its response: the head as a future, the body as a {@link Flow.Publisher} for one subscriber
     * that gets each piece as the upstream sent it.
     */
    final class Exchange implements Flow.Subscription {
        private final boolean reusedConnection;
        private final CompletableFuture<Head> head = new CompletableFuture<>();
        // event loop only
        private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
        private Flow.Subscriber<? super List<ByteBuffer>> subscriber;
        private long demand;
        private boolean informational;
        private boolean headReceived;
        private boolean keepAliveAllowed;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private boolean ended;
        private Throwable failure;
        private boolean cancelled;
        private boolean done;
        private boolean delivering;
        private ScheduledFuture<?> headTimeout;

        private Exchange(boolean reusedConnection) {
            this.reusedConnection = reusedConnection;
        }

        /** Whether the request went out on a connection an earlier exchange had used. */
        boolean reusedConnection() {
            return reusedConnection;
        }

        CompletableFuture<Head> head() {
            return head;
        }

        /** Delivers the body to {@code target}; call once, after the head arrived. */
        void subscribe(Flow.Subscriber<? super List<ByteBuffer>> target) {
            onLoop(() -> {
                subscriber = target;
                target.onSubscribe(this);
                deliver();
            });
        }

        @Override
        public void request(long n) {
            onLoop(() -> {
                if (n <= 0) {
                    fail(new IllegalArgumentException("Reactive Streams §3.9: request " + n));
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
                deliver();
            });
        }

        /** Gives the exchange up: an unfinished response closes the connection. */
        @Override
        public void cancel() {
            onLoop(() -> {
                cancelled = true;
                done = true;
                pending.clear();
                if (!ended) {
                    ended = true;
                    if (headTimeout != null) {
                        headTimeout.cancel(false);
                    }
                    head.completeExceptionally(new IOException("cancelled"));
                    if (current == this) {
                        current = null;
                        close();
                    }
                }
            });
        }

        private void onMessage(Object msg) {
            if (msg instanceof HttpResponse response) {
                int status = response.status().code();
                // 1xx (say, 103 Early Hints) come before the real answer and have no body
                informational = status >= 100 && status < 200 && status != 101;
                if (!informational) {
                    headReceived = true;
                    headTimeout.cancel(false);
                    keepAliveAllowed = HttpUtil.isKeepAlive(response);
                    keepAlive = keepAlive(response.headers());
                    head.complete(new Head(status, response.headers()));
                }
            }
            if (msg instanceof HttpContent content) {
                if (!informational && content.content().isReadable() && !cancelled) {
                    pending.add(ByteBuffer.wrap(ByteBufUtil.getBytes(content.content())));
                }
                if (msg instanceof LastHttpContent) {
                    if (informational) {
                        informational = false;
                    } else if (headReceived) {
                        ended = true;
                        finished(this, keepAliveAllowed && !cancelled);
                    }
                }
            }
            deliver();
        }

        /** Whether the channel should read again: the head is due, or the subscriber waits for more. */
        private boolean wantsMore() {
            return !ended && (!headReceived || demand > 0 && pending.isEmpty());
        }

        private void fail(Throwable cause) {
            if (ended) {
                return;
            }
            ended = true;
            failure = cause;
            if (headTimeout != null) {
                headTimeout.cancel(false);
            }
            if (current == this) {
                current = null;
                close();
            }
            head.completeExceptionally(cause);
            deliver();
        }

        private void deliver() {
            if (delivering || subscriber == null) {
                return;
            }
            delivering = true;
            try {
                while (!done) {
                    if (demand > 0 && !pending.isEmpty()) {
                        demand--;
                        subscriber.onNext(List.of(pending.poll()));
                    } else if (pending.isEmpty() && ended) {
                        done = true;
                        if (failure != null) {
                            subscriber.onError(failure);
                        } else {
                            subscriber.onComplete();
                        }
                    } else {
                        break;
                    }
                }
                if (!done && current == this && wantsMore()) {
                    channel.read();
                }
            } finally {
                delivering = false;
            }
        }
    }
}
