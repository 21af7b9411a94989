package dev.mcpauth.adapters.http.mcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Keep-alive connections to upstream MCP servers, pooled by origin, on the HTTP server's own event loops (so relaying
 * a response costs no thread of its own). The most recently used idle connection is taken first, which keeps the
 * fewest connections warm; a connection leaves the pool when the upstream closes it or its keep-alive runs out.
 */
final class UpstreamConnections {
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final Bootstrap bootstrap;
    private final Map<PoolKey, Deque<UpstreamConnection>> idle = new ConcurrentHashMap<>();
    private volatile SslContext tls;

    /**
     * @param tls for {@code https} upstreams; null: the JDK's trust store, built when first needed
     */
    UpstreamConnections(EventLoopGroup group, ChannelFactory<? extends Channel> channels, SslContext tls) {
        this.tls = tls;
        this.bootstrap = new Bootstrap().group(group).channelFactory(channels)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                // Netty's default guess shrinks to the smallest answers seen: an answer a little larger then takes
                // two reads, and is relayed in pieces rather than whole (UpstreamBody.takeWhole)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(4096, 4096, 65536));
    }

    /**
     * An idle connection to {@code uri}'s origin on {@code loop}, or a new one; never blocks.
     *
     * @param loop      the event loop the connection should live on (the one of the request being served, so
     *                  relaying the answer needs no other thread); null: any
     * @param resolving where the upstream's name is looked up for a new connection: a lookup may block, so never on
     *                  an event loop
     * @return the connection; or failed with an {@link UpstreamClient.UpstreamException} when connecting fails or
     * takes longer than {@code connectTimeout}
     */
    CompletableFuture<UpstreamConnection> acquire(URI uri, EventLoop loop, Duration connectTimeout,
                                                  Executor resolving) {
        EventLoop home = loop != null ? loop : bootstrap.config().group().next();
        Deque<UpstreamConnection> pool = pool(uri, home);
        for (UpstreamConnection connection = pool.pollFirst(); connection != null; connection = pool.pollFirst()) {
            if (connection.claim()) {
                return CompletableFuture.completedFuture(connection);
            }
        }
        return CompletableFuture.supplyAsync(() -> resolve(uri), resolving)
                .thenCompose(address -> connect(uri, address, home, connectTimeout));
    }

    private static InetSocketAddress resolve(URI uri) {
        InetSocketAddress address = new InetSocketAddress(host(uri), port(uri));
        if (address.isUnresolved()) {
            throw new CompletionException(new UpstreamClient.UpstreamException(
                    UpstreamClient.UpstreamException.Kind.UNAVAILABLE, new UnknownHostException(host(uri))));
        }
        return address;
    }

    /**
     * A new connection to {@code address} (already resolved), for {@code uri}'s origin, on {@code loop}; never
     * blocks. The future fails with an {@link UpstreamClient.UpstreamException}.
     */
    CompletableFuture<UpstreamConnection> connect(URI uri, InetSocketAddress address, EventLoop loop,
                                                  Duration connectTimeout) {
        CompletableFuture<UpstreamConnection> result = new CompletableFuture<>();
        SslContext context;
        try {
            context = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? tls() : null;
        } catch (UpstreamClient.UpstreamException e) {
            result.completeExceptionally(e);
            return result;
        }
        UpstreamConnection connection = new UpstreamConnection(pool(uri, loop));
        bootstrap.clone(loop)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        connectTimeout.toMillis()))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (context != null) {
                            channel.pipeline().addLast(tlsHandler(context, channel, host(uri), address.getPort()));
                        }
                        channel.pipeline().addLast(new HttpClientCodec(
                                new HttpDecoderConfig().setMaxHeaderSize(MAX_HEADER_BYTES), false, false));
                        channel.pipeline().addLast(connection);
                    }
                })
                .connect(address)
                .addListener((ChannelFuture connected) -> {
                    if (connected.isSuccess()) {
                        result.complete(connection);
                    } else {
                        connected.channel().close();
                        Throwable cause = connected.cause();
                        result.completeExceptionally(new UpstreamClient.UpstreamException(
                                cause instanceof ConnectTimeoutException
                                        ? UpstreamClient.UpstreamException.Kind.TIMEOUT
                                        : UpstreamClient.UpstreamException.Kind.UNAVAILABLE, cause));
                    }
                });
        return result;
    }

    /** TLS that checks the upstream's certificate against the JDK's trust store and its name against the URL. */
    private static SslHandler tlsHandler(SslContext context, Channel channel, String host, int port) {
        SslHandler handler = context.newHandler(channel.alloc(), host, port);
        SSLParameters parameters = handler.engine().getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        handler.engine().setSSLParameters(parameters);
        return handler;
    }

    private SslContext tls() throws UpstreamClient.UpstreamException {
        SslContext context = tls;
        if (context == null) {
            synchronized (this) {
                if (tls == null) {
                    try {
                        tls = SslContextBuilder.forClient().build();
                    } catch (SSLException e) {
                        throw new UpstreamClient.UpstreamException(UpstreamClient.UpstreamException.Kind.UNAVAILABLE,
                                e);
                    }
                }
                context = tls;
            }
        }
        return context;
    }

    /** How many idle connections to {@code uri}'s origin the pools hold. */
    int idle(URI uri) {
        String origin = origin(uri);
        return idle.entrySet().stream().filter(pool -> pool.getKey().origin().equals(origin))
                .mapToInt(pool -> pool.getValue().size()).sum();
    }

    /** Closes every idle connection. */
    void close() {
        idle.values().forEach(pool -> {
            for (UpstreamConnection connection = pool.pollFirst(); connection != null; connection = pool.pollFirst()) {
                connection.close();
            }
        });
    }

    private Deque<UpstreamConnection> pool(URI uri, EventLoop loop) {
        return idle.computeIfAbsent(new PoolKey(origin(uri), loop), key -> new ConcurrentLinkedDeque<>());
    }

    /** The URL's host, an IPv6 literal without its brackets. */
    private static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }

    private static String origin(URI uri) {
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":"
                + port(uri);
    }

    /** Connections are pooled per origin and event loop. */
    private record PoolKey(String origin, EventLoop loop) {
    }
}
