package dev.mcpauth.bootstrap.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an interop program (a Node script) to completion within a time limit, collecting its merged output line by
 * line on its own thread, so a chatty process can never block on a full pipe and a test can react to a line while
 * the process waits (as a browser reacts to an authorization URL).
 */
final class InteropProcess {
    private final Process process;
    private final Reader reader;

    private InteropProcess(Process process, Reader reader) {
        this.process = process;
        this.reader = reader;
    }

    /** What the process did: whether it ended by itself in time, its exit code (-1 if killed), and its output. */
    record Result(boolean finished, int exitCode, String output) {
    }

    /**
     * Starts {@code command} in {@code directory} with {@code environment} added, calling {@code onLine} for each
     * output line (stdout and stderr merged) from the reading thread.
     */
    static InteropProcess start(List<String> command, Path directory, Map<String, String> environment,
                                Consumer<String> onLine) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("NO_COLOR", "1");
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        Reader reader = new Reader(process, onLine);
        reader.start();
        return new InteropProcess(process, reader);
    }

    /** Waits up to {@code timeout}; a process still running then is killed with its children. */
    Result await(Duration timeout) throws InterruptedException {
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            kill();
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return new Result(finished, finished ? process.exitValue() : -1, reader.text());
    }

    /** Ends the process and its children now (a test that already knows it failed need not wait). */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** The folder holding {@code interop/<name>/<file>}, found by walking up from the module's working directory. */
    static Path repositoryRoot(String name, String file) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("interop").resolve(name).resolve(file))) {
                return dir;
            }
        }
        throw new AssertionError("no interop/" + name + "/" + file + " in " + start + " or any folder above it");
    }

    private static final class Reader extends Thread {
        private final Process process;
        private final Consumer<String> onLine;
        private final StringBuilder text = new StringBuilder();

        Reader(Process process, Consumer<String> onLine) {
            super("interop-process-output");
            this.process = process;
            this.onLine = onLine;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (text) {
                        text.append(line).append('\n');
                    }
                    onLine.accept(line);
                }
            } catch (IOException e) {
                // The pipe breaks when the process is killed; what was read so far is kept and reported.
            }
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }
    }
}
