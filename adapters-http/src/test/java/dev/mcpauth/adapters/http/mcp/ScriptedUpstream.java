package dev.mcpauth.adapters.http.mcp;

import javax.net.ServerSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An HTTP/1.1 server on a plain socket that answers each request with bytes a test scripted, exactly as given: for
 * what the gateway's upstream client must cope with below the level of a real HTTP server (connections closed
 * between requests, 1xx answers, broken framing). It records each request with the connection it came on.
 */
final class ScriptedUpstream implements AutoCloseable {
    /** What to send back, and whether to close the connection afterwards (without saying so). */
    record Reply(String raw, boolean closeAfter) {
        static Reply keepAlive(String raw) {
            return new Reply(raw, false);
        }
    }

    /** One request as received: its head (request line and headers, CRLF-separated), its body, its connection. */
    record Received(String head, String body, int connection) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        String requestLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }
    }

    private final ServerSocket server;
    private final Function<Received, Reply> script;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    ScriptedUpstream(Function<Received, Reply> script) throws IOException {
        this(ServerSocketFactory.getDefault(), script);
    }

    ScriptedUpstream(ServerSocketFactory sockets, Function<Received, Reply> script) throws IOException {
        this.server = sockets.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        Thread acceptor = new Thread(this::accept, "scripted-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Received> received() {
        return received;
    }

    /** How many connections were opened to this server. */
    int connections() {
        return connections.get();
    }

    /** A complete response with a body, kept alive. */
    static String ok(String contentType, String body, String... extraHeaders) {
        StringBuilder response = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: ").append(contentType)
                .append("\r\nContent-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        for (String header : extraHeaders) {
            response.append(header).append("\r\n");
        }
        return response.append("\r\n").append(body).toString();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                int number = connections.incrementAndGet();
                Thread connection = new Thread(() -> serve(socket, number), "scripted-upstream-" + number);
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket, int connection) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                Received request = new Received(head, readBody(in, head), connection);
                received.add(request);
                Reply reply = script.apply(request);
                out.write(reply.raw().getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (reply.closeAfter()) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away, or refused the TLS handshake
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private static String readBody(InputStream in, String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring("content-length:".length()).trim());
                return new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
