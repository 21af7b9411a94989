package dev.mcpauth.adapters.http.mcp;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.io.buffer.ReadBuffer;
import io.micronaut.core.io.buffer.ReadBufferFactory;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.MutableHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.body.ResponseBodyWriter;
import io.micronaut.http.body.TypedMessageBodyWriter;
import io.micronaut.http.codec.CodecException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes {@link RawBody} responses byte for byte. It comes first for its type whatever the content type, so the
 * framework's own writers stay out of the way (the one for {@code text/event-stream} would wrap every piece of an
 * upstream's SSE stream in another event).
 */
@Singleton
@Order(Ordered.HIGHEST_PRECEDENCE)
final class RawBodyWriter implements TypedMessageBodyWriter<RawBody>, ResponseBodyWriter<RawBody> {
    private static final Argument<RawBody> TYPE = Argument.of(RawBody.class);

    @Override
    public Argument<RawBody> getType() {
        return TYPE;
    }

    @Override
    public boolean isWriteable(Argument<RawBody> type, MediaType mediaType) {
        return RawBody.class.isAssignableFrom(type.getType());
    }

    @Override
    public CloseableByteBody writePiece(ByteBodyFactory bodies, HttpRequest<?> request, HttpResponse<?> response,
                                       Argument<RawBody> type, MediaType mediaType, RawBody body) {
        if (body instanceof UpstreamBody upstream) {
            ReadBufferFactory buffers = bodies.readBufferFactory();
            return bodies.adapt(upstream.<ReadBuffer>publisher(buffers::adapt));
        }
        return bodies.adapt(((RawBody.Bytes) body).bytes());
    }

    @Override
    public void writeTo(Argument<RawBody> type, MediaType mediaType, RawBody body, MutableHeaders headers,
                        OutputStream out) {
        if (!(body instanceof RawBody.Bytes bytes)) {
            throw new CodecException("a streamed upstream body is written piece by piece only");
        }
        try {
            out.write(bytes.bytes());
        } catch (IOException e) {
            throw new CodecException("writing the response failed", e);
        }
    }
}
