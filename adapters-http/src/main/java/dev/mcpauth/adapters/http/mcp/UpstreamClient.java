package dev.mcpauth.adapters.http.mcp;

import io.micronaut.http.netty.channel.EventLoopGroupConfiguration;
import io.micronaut.http.netty.channel.EventLoopGroupFactory;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.http.netty.channel.NettyChannelType;
import io.micronaut.scheduling.TaskExecutors;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaders;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Sends requests to upstream MCP servers over HTTP/1.1 keep-alive connections that live on the HTTP server's event
 * loops ({@link UpstreamConnections}); the idle timeouts of relayed bodies run on the same loops.
 *
 * <p>A request found unsendable on a reused connection (the upstream closed it as it was taken) goes once more on a
 * new one: nothing of it reached the upstream, so it cannot have been applied (RFC 9112 §9.3.1). Nothing else is
 * retried.
 */
@Singleton
final class UpstreamClient {
    private final UpstreamConnections connections;
    private final Executor blocking;

    @Inject
    UpstreamClient(EventLoopGroupRegistry loops, EventLoopGroupFactory loopFactory,
                   @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this(new UpstreamConnections(loops.getDefaultEventLoopGroup(), clientChannels(loops, loopFactory), null),
                blocking);
    }

    /**
     * @param blocking where upstream names are looked up, which may block
     */
    UpstreamClient(UpstreamConnections connections, Executor blocking) {
        this.connections = connections;
        this.blocking = blocking;
    }

    /**
     * Sends {@code request}; never blocks. The answer comes on {@code loop}.
     *
     * @param idleTimeout how long the body may stay silent while read; null: forever (a GET stream)
     * @param loop        the event loop of the request being served, so the answer is relayed without changing
     *                    threads; null: any
     * @return the response once its headers arrived, its body to follow; or failed with an {@link UpstreamException}
     * when the upstream cannot be reached or sends no headers within the read timeout
     */
    CompletableFuture<UpstreamResponse> send(UpstreamApp app, UpstreamRequest request, Duration idleTimeout,
                                             EventLoop loop) {
        CompletableFuture<UpstreamResponse> response = new CompletableFuture<>();
        connections.acquire(app.uri(), loop, app.connectTimeout(), blocking).whenComplete((connection, failure) -> {
            if (connection != null) {
                exchange(connection, app, request, idleTimeout, true, response);
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                response.completeExceptionally(cause instanceof UpstreamException ? cause
                        : new UpstreamException(UpstreamException.Kind.UNAVAILABLE, cause));
            }
        });
        return response;
    }

    private void exchange(UpstreamConnection connection, UpstreamApp app, UpstreamRequest request,
                          Duration idleTimeout, boolean firstTry, CompletableFuture<UpstreamResponse> response) {
        UpstreamConnection.Exchange exchange = connection.start(app.uri(), request, app.readTimeout());
        exchange.head().whenComplete((head, failure) -> {
            if (head != null) {
                UpstreamBody body = new UpstreamBody(connection.eventLoop(), idleTimeout);
                exchange.subscribe(body);
                response.complete(new UpstreamResponse(head.status(), head.headers(), body));
            } else if (failure instanceof UpstreamConnection.NotSent && exchange.reusedConnection() && firstTry) {
                connections.connect(app.uri(), connection.remoteAddress(), connection.eventLoop(),
                        app.connectTimeout()).whenComplete((fresh, notConnected) -> {
                    if (fresh != null) {
                        exchange(fresh, app, request, idleTimeout, false, response);
                    } else {
                        response.completeExceptionally(notConnected);
                    }
                });
            } else {
                response.completeExceptionally(new UpstreamException(failure instanceof UpstreamConnection.NoAnswer
                        ? UpstreamException.Kind.TIMEOUT : UpstreamException.Kind.UNAVAILABLE, failure));
            }
        });
    }

    /** Client sockets of the kind the server's event loops serve (NIO, or a native transport when configured). */
    private static ChannelFactory<Channel> clientChannels(EventLoopGroupRegistry loops,
                                                         EventLoopGroupFactory loopFactory) {
        EventLoopGroupConfiguration configuration = loops.getEventLoopGroupConfiguration(
                EventLoopGroupConfiguration.DEFAULT).orElse(null);
        return () -> loopFactory.channelInstance(NettyChannelType.CLIENT_SOCKET, configuration);
    }

    @PreDestroy
    void close() {
        connections.close();
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
