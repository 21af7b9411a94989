package dev.mcpauth.adapters.storage.redis;

import io.lettuce.core.RedisURI;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} on a free loopback port, without persistence, for the Redis adapter's tests. One shared
 * server serves the whole test run ({@link #shared()}); tests that stop Redis start their own.
 */
public final class RedisServerProcess {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(15);
    private static final String[] SEARCH_PATH = {"/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin"};
    private static RedisServerProcess shared;

    private final Path binary;
    private final Path directory;
    private final int port;
    private final List<String> extraArguments;
    /** For a Sentinel: the config file it starts from, which it then rewrites. */
    private final String sentinelConfig;
    private Process process;

    private RedisServerProcess(Path binary, Path directory, int port, List<String> extraArguments,
                               String sentinelConfig) {
        this.binary = binary;
        this.directory = directory;
        this.port = port;
        this.extraArguments = extraArguments;
        this.sentinelConfig = sentinelConfig;
    }

    /** The server shared by all tests of this module, started on first use and stopped when the JVM exits. */
    public static synchronized RedisServerProcess shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** A new server of the caller's own, stopped when the JVM exits at the latest. */
    public static RedisServerProcess start(String... extraArguments) {
        return start(List.of(extraArguments), null);
    }

    /** A Sentinel of the caller's own that monitors {@code master} under the name {@code masterName}. */
    static RedisServerProcess startSentinel(String masterName, RedisServerProcess master) {
        return start(List.of(), "sentinel monitor " + masterName + " 127.0.0.1 " + master.port() + " 1\n");
    }

    private static RedisServerProcess start(List<String> extraArguments, String sentinelConfig) {
        Path binary = findRedisServer();
        IOException lastFailure = null;
        // A port found free can be taken before redis-server binds it; try a few.
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Path directory = Files.createTempDirectory("mcpauth-redis-test");
                RedisServerProcess server = new RedisServerProcess(binary, directory, freePort(),
                        extraArguments, sentinelConfig);
                if (server.startProcess()) {
                    Runtime.getRuntime().addShutdownHook(new Thread(server::stopAndDelete, "stop redis-server"));
                    return server;
                }
            } catch (IOException e) {
                lastFailure = e;
            }
        }
        throw new IllegalStateException("could not start redis-server on a free port", lastFailure);
    }

    public int port() {
        return port;
    }

    public RedisURI uri() {
        return RedisURI.create("127.0.0.1", port);
    }

    /** Stops the server (SIGTERM, then SIGKILL); its port stays reserved for {@link #restart()}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts the server again on the same port, empty. */
    public synchronized void restart() {
        stop();
        try {
            if (!startProcess()) {
                throw new IllegalStateException("redis-server did not restart on port " + port + ": " + log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends one command in the inline protocol over a connection of its own; returns a status, error or integer reply
     * as its line ({@code +OK}), a bulk reply as its content.
     */
    public String command(String inlineCommand) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inlineCommand + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String line = readLine(in);
            if (!line.startsWith("$") || line.equals("$-1")) {
                return line;
            }
            byte[] bulk = in.readNBytes(Integer.parseInt(line.substring(1)));
            return new String(bulk, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private synchronized boolean startProcess() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        if (sentinelConfig != null) {
            Path config = directory.resolve("sentinel.conf");
            Files.writeString(config, sentinelConfig);
            command.addAll(List.of(config.toString(), "--sentinel"));
        } else {
            command.addAll(List.of("--save", "", "--appendonly", "no"));
        }
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--dir", directory.toString()));
        command.addAll(extraArguments);
        process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                process = null;
                return false;
            }
            if (answersPing()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("redis-server did not answer PING within " + STARTUP_TIMEOUT + ": " + log());
    }

    private boolean answersPing() {
        try {
            return "+PONG".equals(command("PING"));
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(directory.resolve("redis.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void stopAndDelete() {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temporary directory left behind is harmless.
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path findRedisServer() {
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        directories.addAll(List.of(SEARCH_PATH));
        for (String directory : directories) {
            Path candidate = Path.of(directory, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        // Fail, not skip: these tests are how the Redis adapter is known to work (CONVENTIONS: adapters are tested
        // against the real thing).
        throw new IllegalStateException("redis-server is not installed, and the Redis adapter tests need a real Redis:"
                + " install the Debian package redis-server (apt-get install -y redis-server)");
    }
}
