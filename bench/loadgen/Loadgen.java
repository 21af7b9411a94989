import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator of mcpauth's benchmarks: a fixed number of platform-thread workers, a bounded warm-up and a
 * bounded measurement, and one result line.
 *
 * <pre>
 * java Loadgen.java refresh --server mcpauth|oidc|spring --base URL   refresh-token grants, one rotating chain per worker
 * java Loadgen.java flow    --server ...  --base URL      full authorization-code flows (authorize, login, exchange)
 * java Loadgen.java mcp     --base URL [--path /mcp] [--tool whoami] [--no-auth true]   MCP tools/call (with a bearer)
 * java Loadgen.java get     --url URL                     unauthenticated GETs (a baseline)
 * java Loadgen.java alternate --targets a,b --a.base URL --a.path P [--a.no-auth true] --a.pid PIDS --b.base ...
 *                            [--slice-ms 1000]            MCP targets measured in turns, one result line each
 * java Loadgen.java startup --url URL --pidfile F --log F -- command...   start a server, time its first 200
 * java Loadgen.java quiet   [--max-wait 60]               wait until the machine is idle (others' builds finished)
 * common: --workers 4 --warmup 20 --duration 30 --max-requests N --username U --password P
 *         --pid serverPid[,helperPid] --client raw|jdk
 * </pre>
 *
 * Each refresh worker owns its own refresh-token chain: it first runs one full flow, then always presents the token it
 * just received (rotation). Any answer but the expected one (200 for token and MCP calls, the protocol's redirects
 * within a flow) counts as an error; a refresh worker whose chain broke starts a new one with a fresh flow.
 * {@code --client raw} (the default) gives each worker its own blocking keep-alive socket with a minimal HTTP/1.1
 * client, which costs several times less CPU per request than {@code --client jdk} (java.net.http.HttpClient); on a
 * small machine the client's CPU is taken from the server. The result is one line of key=value pairs: throughput,
 * latency percentiles, errors by kind, and, with --pid, the CPU time used in the measured window by the server (and
 * its helpers, such as redis-server), by this client and by everything else on the machine, and the server's resident
 * memory.
 */
public final class Loadgen {
    static final String REDIRECT_URI = "http://127.0.0.1:9/cb";
    static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    static final SecureRandom RANDOM = new SecureRandom();
    static final Pattern JSON_STRING = Pattern.compile("\"([a-z_]+)\"\\s*:\\s*\"([^\"]*)\"");
    static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    static final Pattern FORM = Pattern.compile("<form\\b[^>]*>", Pattern.CASE_INSENSITIVE);

    final Map<String, String> options;
    final HttpClient jdkClient;
    final Profile profile;

    Loadgen(Map<String, String> options) {
        this.options = options;
        this.jdkClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, "http-client");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
        this.profile = options.containsKey("base") ? Profile.of(options.get("server"), options.get("base"), options) : null;
    }

    Http newHttp() {
        return "jdk".equals(options.getOrDefault("client", "raw")) ? new JdkHttp(jdkClient) : new RawHttp();
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java Loadgen.java refresh|flow|mcp|get|startup|quiet [--option value]...");
            System.exit(2);
        }
        String command = args[0];
        Map<String, String> options = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) {
                rest.addAll(Arrays.asList(args).subList(i + 1, args.length));
                break;
            }
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("bad option " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        Loadgen loadgen = new Loadgen(options);
        switch (command) {
            case "startup" -> loadgen.startup(rest);
            case "quiet" -> loadgen.quiet();
            case "refresh", "flow", "mcp", "get" -> loadgen.load(command);
            case "alternate" -> loadgen.alternate();
            default -> throw new IllegalArgumentException("unknown command " + command);
        }
        System.exit(0);
    }

    // ---------------------------------------------------------------- startup, quiet

    /** Starts the command, polls the URL every 10 ms, and prints the time from process start to the first 200. */
    void startup(List<String> command) throws Exception {
        URI url = URI.create(options.get("url"));
        long timeoutMs = Long.parseLong(options.getOrDefault("timeout", "120")) * 1000;
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of(options.get("log")).toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        RawHttp probe = new RawHttp();
        long start = System.nanoTime();
        Process process = builder.start();
        Files.writeString(Path.of(options.get("pidfile")), Long.toString(process.pid()));
        while (true) {
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            if (!process.isAlive()) {
                System.out.println("startup_ms=-1 error=exited(" + process.exitValue() + ") pid=" + process.pid());
                return;
            }
            if (elapsedMs > timeoutMs) {
                System.out.println("startup_ms=-1 error=timeout pid=" + process.pid());
                return;
            }
            try {
                if (probe.send("GET", url, null).status() == 200) {
                    System.out.println("startup_ms=" + elapsedMs + " pid=" + process.pid());
                    return;
                }
            } catch (IOException e) {
                probe.close(); // not listening yet
            }
            Thread.sleep(10);
        }
    }

    /**
     * Waits (at most --max-wait seconds) for a second in which the machine's CPUs were at least 85% idle, so that a
     * measurement does not start in the middle of someone else's build. Prints how long it waited and the last load.
     */
    void quiet() throws Exception {
        long maxWaitMs = Long.parseLong(options.getOrDefault("max-wait", "60")) * 1000;
        long start = System.nanoTime();
        double busy = 1;
        while ((System.nanoTime() - start) / 1_000_000 < maxWaitMs) {
            long[] a = machineTicks();
            Thread.sleep(1000);
            long[] b = machineTicks();
            busy = (b[0] - a[0]) / (double) Math.max(1, b[1] - a[1]);
            if (busy < 0.15) {
                break;
            }
        }
        System.out.println(String.format(Locale.ROOT, "quiet_wait_s=%.0f busy=%.0f%%",
                (System.nanoTime() - start) / 1e9, busy * 100));
    }

    /** {busy, total} jiffies of all CPUs, from /proc/stat. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long user = Long.parseLong(f[1]), nice = Long.parseLong(f[2]), system = Long.parseLong(f[3]);
            long idle = Long.parseLong(f[4]), iowait = Long.parseLong(f[5]), irq = Long.parseLong(f[6]);
            long softirq = Long.parseLong(f[7]), steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            long busy = user + nice + system + irq + softirq + steal;
            return new long[]{busy, busy + idle + iowait};
        } catch (IOException e) {
            return new long[]{0, 0};
        }
    }

    // ---------------------------------------------------------------- load

    void load(String scenario) throws Exception {
        int workers = Integer.parseInt(options.getOrDefault("workers", "4"));
        long warmupNs = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "20"))).toNanos();
        long durationNs = Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "30"))).toNanos();
        long maxRequests = Long.parseLong(options.getOrDefault("max-requests", "5000000"));
        if (profile != null && !"true".equals(options.get("no-auth"))) {
            profile.register(this, newHttp());
        }
        Worker[] pool = new Worker[workers];
        for (int i = 0; i < workers; i++) {
            pool[i] = new Worker(this, scenario, newHttp(), maxRequests / workers);
            pool[i].setup(); // sequential, before the clock starts: each worker gets its token (or session) first
        }
        long[] pids = pids();
        long self = ProcessHandle.current().pid();
        long startNs = System.nanoTime();
        long measureStart = startNs + warmupNs;
        long end = measureStart + durationNs;
        for (Worker worker : pool) {
            worker.window(measureStart, end);
            worker.start();
        }
        // CPU at the edges of the measured window; resident memory sampled through it
        long peakRss = 0;
        long[] cpuAtStart = null;
        long clientAtStart = 0;
        long[] machineAtStart = null;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.max(1, Math.min(200, (end - System.nanoTime()) / 1_000_000)));
            if (cpuAtStart == null && System.nanoTime() >= measureStart) {
                cpuAtStart = cpuTicks(pids);
                clientAtStart = cpuTicks(new long[]{self})[0];
                machineAtStart = machineTicks();
            }
            if (pids.length > 0 && System.nanoTime() >= measureStart) {
                peakRss = Math.max(peakRss, rssKb(pids[0]));
            }
        }
        long[] cpuAtEnd = cpuTicks(pids);
        long clientAtEnd = cpuTicks(new long[]{self})[0];
        long[] machineAtEnd = machineTicks();
        long endRss = pids.length > 0 ? rssKb(pids[0]) : 0;
        for (Worker worker : pool) {
            worker.join(30_000);
        }
        long count = 0;
        long aborted = 0;
        Map<String, Long> errors = new TreeMap<>();
        long[] all = new long[0];
        for (Worker worker : pool) {
            count += worker.count;
            aborted += worker.aborted ? 1 : 0;
            worker.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            long[] merged = Arrays.copyOf(all, all.length + worker.n);
            System.arraycopy(worker.latencies, 0, merged, all.length, worker.n);
            all = merged;
        }
        Arrays.sort(all);
        double seconds = durationNs / 1e9;
        long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder line = new StringBuilder();
        line.append("scenario=").append(scenario)
                .append(" workers=").append(workers)
                .append(" seconds=").append(String.format(Locale.ROOT, "%.0f", seconds))
                .append(" ok=").append(count)
                .append(" errors=").append(errorCount)
                .append(" rps=").append(String.format(Locale.ROOT, "%.1f", count / seconds))
                .append(" p50_ms=").append(ms(percentile(all, 0.50)))
                .append(" p99_ms=").append(ms(percentile(all, 0.99)))
                .append(" max_ms=").append(ms(all.length == 0 ? 0 : all[all.length - 1]));
        if (!errors.isEmpty()) {
            line.append(" error_kinds=").append(errors.toString().replace(' ', '_'));
        }
        if (aborted > 0) {
            line.append(" aborted_workers=").append(aborted);
        }
        if (cpuAtStart != null) {
            double hz = 100; // USER_HZ
            double server = 0;
            for (int i = 0; i < pids.length; i++) {
                server += (cpuAtEnd[i] - cpuAtStart[i]) / hz;
            }
            double client = (clientAtEnd - clientAtStart) / hz;
            double machineBusy = (machineAtEnd[0] - machineAtStart[0]) / hz;
            double machineTotal = (machineAtEnd[1] - machineAtStart[1]) / hz;
            double other = Math.max(0, machineBusy - server - client);
            line.append(" server_cpu_s=").append(String.format(Locale.ROOT, "%.1f", server))
                    .append(" client_cpu_s=").append(String.format(Locale.ROOT, "%.1f", client))
                    .append(" other_cpu_s=").append(String.format(Locale.ROOT, "%.1f", other))
                    .append(" idle_cpu_s=").append(String.format(Locale.ROOT, "%.1f", machineTotal - machineBusy))
                    .append(" per_server_cpu_s=").append(String.format(Locale.ROOT, "%.0f",
                            server == 0 ? 0 : count / server));
            if (pids.length > 0) {
                line.append(" rss_peak_mb=").append(peakRss / 1024).append(" rss_end_mb=").append(endRss / 1024);
            }
        }
        System.out.println(line);
    }

    /**
     * Several MCP targets ({@code --targets a,b,c}; {@code --a.base}, {@code --a.path}, {@code --a.pid} and any other
     * option prefixed with a target's name apply to that target alone) measured in turns of {@code --slice-ms}: a,
     * b, c, a, b, c, ... through the warm-up and the measurement, each target's workers idle while another's run.
     * The host's vCPUs here change speed by more than the differences being measured over tens of seconds, so
     * targets measured one after the other in separate windows compare badly; in one-second turns every target sees
     * the same machine. {@code --duration} is the measured time per target. Prints one line per target, as
     * {@code mcp} does, with {@code target=} and {@code block_rps=}: the throughput in six consecutive parts of the
     * measurement, to show how steady it was, and {@code cpu_us_per_request_by_pid=}: each --pid process's CPU per
     * request, in the order given.
     */
    void alternate() throws Exception {
        int workers = Integer.parseInt(options.getOrDefault("workers", "4"));
        long sliceNs = Duration.ofMillis(Long.parseLong(options.getOrDefault("slice-ms", "1000"))).toNanos();
        long warmupNs = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "20"))).toNanos();
        long durationNs = Duration.ofSeconds(Long.parseLong(options.getOrDefault("duration", "30"))).toNanos();
        if (options.get("targets") == null) {
            throw new IllegalArgumentException("alternate needs --targets name,name,...");
        }
        List<Turns> targets = new ArrayList<>();
        for (String name : options.get("targets").split(",")) {
            Map<String, String> own = new LinkedHashMap<>(options);
            options.forEach((key, value) -> {
                if (key.startsWith(name + ".")) {
                    own.put(key.substring(name.length() + 1), value);
                }
            });
            targets.add(new Turns(name, new Loadgen(own), workers));
        }
        long warmupTurns = Math.max(1, warmupNs / sliceNs / targets.size());
        long measuredTurns = Math.max(Turns.BLOCKS, durationNs / sliceNs);
        long self = ProcessHandle.current().pid();
        for (long turn = 0; turn < warmupTurns + measuredTurns; turn++) {
            for (Turns target : targets) {
                target.run(sliceNs, turn < warmupTurns ? -1 : (int) ((turn - warmupTurns) * Turns.BLOCKS / measuredTurns),
                        self);
            }
        }
        for (Turns target : targets) {
            System.out.println(target.result());
        }
    }

    /** One target of {@link #alternate}: its workers' connections and sessions, and what its turns measured. */
    static final class Turns {
        static final int BLOCKS = 6;
        final String name;
        final Loadgen loadgen;
        final Worker[] prepared;
        final long[] pids;
        final long[] pidTicks;
        final Map<String, Long> errors = new TreeMap<>();
        final long[] blockCount = new long[BLOCKS];
        final long[] blockNs = new long[BLOCKS];
        long[] latencies = new long[1 << 16];
        int n;
        long count;
        long elapsedNs;
        long serverTicks;
        long clientTicks;
        long machineBusy;
        long machineTotal;
        long peakRss;

        Turns(String name, Loadgen loadgen, int workers) throws Exception {
            this.name = name;
            this.loadgen = loadgen;
            this.pids = loadgen.pids();
            this.pidTicks = new long[pids.length];
            if (!"true".equals(loadgen.options.get("no-auth"))) {
                loadgen.profile.register(loadgen, loadgen.newHttp());
            }
            prepared = new Worker[workers];
            for (int i = 0; i < workers; i++) {
                prepared[i] = new Worker(loadgen, "mcp", loadgen.newHttp(), Long.MAX_VALUE);
                prepared[i].setup();
            }
        }

        /** One turn of sliceNs; block is the part of the measurement it belongs to, or -1 in the warm-up. */
        void run(long sliceNs, int block, long self) throws InterruptedException {
            long[] cpuBefore = cpuTicks(pids);
            long clientBefore = cpuTicks(new long[]{self})[0];
            long[] machineBefore = machineTicks();
            long start = System.nanoTime();
            Worker[] turn = new Worker[prepared.length];
            for (int i = 0; i < turn.length; i++) {
                turn[i] = new Worker(loadgen, "mcp", prepared[i].http, Long.MAX_VALUE);
                turn[i].accessToken = prepared[i].accessToken;
                turn[i].mcpSession = prepared[i].mcpSession;
                turn[i].window(block < 0 ? Long.MAX_VALUE : start, start + sliceNs);
                turn[i].start();
            }
            for (Worker worker : turn) {
                worker.join();
            }
            long took = System.nanoTime() - start;
            if (block < 0) {
                return;
            }
            long[] cpuAfter = cpuTicks(pids);
            for (int i = 0; i < pids.length; i++) {
                serverTicks += cpuAfter[i] - cpuBefore[i];
                pidTicks[i] += cpuAfter[i] - cpuBefore[i];
            }
            clientTicks += cpuTicks(new long[]{self})[0] - clientBefore;
            long[] machineAfter = machineTicks();
            machineBusy += machineAfter[0] - machineBefore[0];
            machineTotal += machineAfter[1] - machineBefore[1];
            if (pids.length > 0) {
                peakRss = Math.max(peakRss, rssKb(pids[0]));
            }
            elapsedNs += took;
            blockNs[block] += took;
            for (Worker worker : turn) {
                count += worker.count;
                blockCount[block] += worker.count;
                worker.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
                if (n + worker.n > latencies.length) {
                    latencies = Arrays.copyOf(latencies, Math.max(latencies.length * 2, n + worker.n));
                }
                System.arraycopy(worker.latencies, 0, latencies, n, worker.n);
                n += worker.n;
            }
        }

        String result() {
            long[] all = Arrays.copyOf(latencies, n);
            Arrays.sort(all);
            double seconds = elapsedNs / 1e9;
            double hz = 100; // USER_HZ
            double server = serverTicks / hz;
            double client = clientTicks / hz;
            double other = Math.max(0, machineBusy / hz - server - client);
            StringBuilder blocks = new StringBuilder();
            for (int b = 0; b < BLOCKS; b++) {
                blocks.append(b == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.0f",
                        blockNs[b] == 0 ? 0 : blockCount[b] / (blockNs[b] / 1e9)));
            }
            long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
            return "scenario=mcp target=" + name + " workers=" + prepared.length
                    + String.format(Locale.ROOT, " seconds=%.0f ok=%d errors=%d rps=%.1f p50_ms=%s p99_ms=%s max_ms=%s",
                            seconds, count, errorCount, count / seconds, ms(percentile(all, 0.50)),
                            ms(percentile(all, 0.99)), ms(all.length == 0 ? 0 : all[all.length - 1]))
                    + (errors.isEmpty() ? "" : " error_kinds=" + errors.toString().replace(' ', '_'))
                    + String.format(Locale.ROOT, " server_cpu_s=%.1f client_cpu_s=%.1f other_cpu_s=%.1f idle_cpu_s=%.1f"
                                    + " per_server_cpu_s=%.0f", server, client, other,
                            (machineTotal - machineBusy) / hz, server == 0 ? 0 : count / server)
                    + (pids.length > 0 ? " rss_peak_mb=" + peakRss / 1024 : "")
                    + " cpu_us_per_request_by_pid=" + Arrays.stream(pidTicks)
                            .mapToObj(t -> String.format(Locale.ROOT, "%.0f", count == 0 ? 0 : t * 1e4 / count))
                            .collect(java.util.stream.Collectors.joining("/"))
                    + " block_rps=" + blocks;
        }
    }

    long[] pids() {
        String value = options.get("pid");
        if (value == null || value.isBlank()) {
            return new long[0];
        }
        return Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray();
    }

    static long[] cpuTicks(long[] pids) {
        long[] ticks = new long[pids.length];
        for (int i = 0; i < pids.length; i++) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pids[i] + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks[i] = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
            } catch (IOException e) {
                ticks[i] = 0;
            }
        }
        return ticks;
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return 0;
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    // ---------------------------------------------------------------- workers

    static final class Worker extends Thread {
        final Loadgen loadgen;
        final String scenario;
        final Http http;
        final long maxRequests;
        final Map<String, Long> errors = new TreeMap<>();
        long[] latencies = new long[1 << 14];
        int n;
        long count;
        boolean aborted;
        long measureStart;
        long end;
        String refreshToken;
        String accessToken;
        String mcpSession;

        Worker(Loadgen loadgen, String scenario, Http http, long maxRequests) {
            super("worker");
            this.loadgen = loadgen;
            this.scenario = scenario;
            this.http = http;
            this.maxRequests = maxRequests;
            setDaemon(true);
        }

        void window(long measureStart, long end) {
            this.measureStart = measureStart;
            this.end = end;
        }

        void setup() throws Exception {
            switch (scenario) {
                case "refresh" -> newChain();
                case "mcp" -> {
                    boolean anonymous = "true".equals(loadgen.options.get("no-auth"));
                    accessToken = anonymous ? null : loadgen.profile.flow(http).access();
                    mcpSession = loadgen.profile.mcpInitialize(http, accessToken);
                }
                default -> {
                }
            }
        }

        void newChain() throws Exception {
            Profile.Tokens tokens = loadgen.profile.flow(http);
            if (tokens.refresh() == null) {
                throw new IllegalStateException("the flow gave no refresh token");
            }
            refreshToken = tokens.refresh();
        }

        @Override
        public void run() {
            long done = 0;
            while (done < maxRequests) {
                long t0 = System.nanoTime();
                if (t0 >= end) {
                    break;
                }
                String error;
                try {
                    error = once();
                } catch (FlowException e) {
                    error = e.getMessage();
                } catch (Exception e) {
                    error = e.getClass().getSimpleName();
                }
                long t1 = System.nanoTime();
                done++;
                boolean measured = t0 >= measureStart;
                if (error == null) {
                    if (measured) {
                        count++;
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = t1 - t0;
                    }
                } else {
                    if (measured) {
                        errors.merge(error, 1L, Long::sum);
                    }
                    if (scenario.equals("refresh")) {
                        try {
                            newChain(); // the chain is broken: start another
                        } catch (Exception e) {
                            aborted = true;
                            return;
                        }
                    }
                }
            }
        }

        /** One request (or flow); null when it succeeded, else what went wrong. */
        String once() throws Exception {
            Profile profile = loadgen.profile;
            switch (scenario) {
                case "refresh" -> {
                    Response response = profile.refresh(http, refreshToken);
                    if (response.status() != 200) {
                        return "status_" + response.status();
                    }
                    Map<String, String> tokens = json(response.body());
                    if (tokens.get("refresh_token") == null || tokens.get("access_token") == null) {
                        return "no_token";
                    }
                    refreshToken = tokens.get("refresh_token");
                    return null;
                }
                case "flow" -> {
                    return profile.flow(http).access() == null ? "no_token" : null;
                }
                case "mcp" -> {
                    Response response = profile.mcpCall(http, accessToken, mcpSession);
                    if (response.status() != 200) {
                        return "status_" + response.status();
                    }
                    return response.body().contains("\"result\"") ? null : "no_result";
                }
                case "get" -> {
                    int status = http.send("GET", URI.create(loadgen.options.get("url")), null).status();
                    return status == 200 ? null : "status_" + status;
                }
                default -> throw new IllegalStateException(scenario);
            }
        }
    }

    // ---------------------------------------------------------------- servers

    /** What differs between the servers: endpoints, client, and how the token request authenticates the client. */
    static final class Profile {
        final String server;
        final String base;
        final String authorizePath;
        final String tokenPath;
        final String username;
        final String password;
        final String resource;
        final String mcpPath;
        final String tool;
        String clientId;
        String basicAuth; // client_secret_basic, or null for a public client

        Profile(String server, String base, String authorizePath, String tokenPath, Map<String, String> options) {
            this.server = server;
            this.base = base;
            this.authorizePath = authorizePath;
            this.tokenPath = tokenPath;
            this.username = options.getOrDefault("username", "bench");
            this.password = options.getOrDefault("password", "bench-password-1");
            this.mcpPath = options.getOrDefault("path", "/mcp");
            this.resource = server.equals("spring") ? null : options.getOrDefault("resource", base + mcpPath);
            this.tool = options.getOrDefault("tool", "whoami");
        }

        static Profile of(String server, String base, Map<String, String> options) {
            return switch (server == null ? "mcpauth" : server) {
                case "mcpauth" -> new Profile("mcpauth", base, "/oauth/authorize", "/oauth/token", options);
                case "oidc" -> new Profile("oidc", base, "/auth", "/token", options);
                case "spring" -> new Profile("spring", base, "/oauth2/authorize", "/oauth2/token", options);
                default -> throw new IllegalArgumentException("unknown server " + server);
            };
        }

        /** mcpauth: one dynamic registration (RFC 7591) per run; the peers have one pre-registered client. */
        void register(Loadgen loadgen, Http http) throws Exception {
            switch (server) {
                case "mcpauth" -> {
                    String body = "{\"client_name\":\"bench\",\"redirect_uris\":[\"" + REDIRECT_URI + "\"],"
                            + "\"token_endpoint_auth_method\":\"none\","
                            + "\"grant_types\":[\"authorization_code\",\"refresh_token\"],\"response_types\":[\"code\"]}";
                    Response response = http.send("POST", URI.create(base + "/oauth/register"), body,
                            "Content-Type", "application/json", "Accept", "application/json");
                    if (response.status() != 201) {
                        throw new IllegalStateException("registration: " + response.status() + " " + response.body());
                    }
                    clientId = json(response.body()).get("client_id");
                }
                case "oidc" -> clientId = "bench";
                case "spring" -> {
                    clientId = "bench";
                    basicAuth = "Basic " + Base64.getEncoder().encodeToString(
                            "bench:bench-secret".getBytes(StandardCharsets.UTF_8));
                }
                default -> throw new IllegalStateException(server);
            }
        }

        record Tokens(String access, String refresh) {
        }

        /**
         * One full authorization-code flow with PKCE, as a fresh browser would run it: follow the redirects, fill in
         * the login form (hidden fields included), and exchange the code.
         */
        Tokens flow(Http http) throws Exception {
            String verifier = random(32);
            String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            String state = random(16);
            StringBuilder url = new StringBuilder(base).append(authorizePath)
                    .append("?response_type=code&client_id=").append(enc(clientId))
                    .append("&redirect_uri=").append(enc(REDIRECT_URI))
                    .append("&scope=mcp&state=").append(state)
                    .append("&code_challenge=").append(challenge).append("&code_challenge_method=S256");
            if (resource != null) {
                url.append("&resource=").append(enc(resource));
            }
            Map<String, String> cookies = new LinkedHashMap<>();
            URI uri = URI.create(url.toString());
            String method = "GET";
            String form = null;
            String code = null;
            for (int step = 0; step < 8 && code == null; step++) {
                List<String> headers = new ArrayList<>(List.of("Accept", BROWSER_ACCEPT));
                if (!cookies.isEmpty()) {
                    headers.addAll(List.of("Cookie", cookieHeader(cookies)));
                }
                if (form != null) {
                    headers.addAll(List.of("Content-Type", "application/x-www-form-urlencoded"));
                }
                Response response = http.send(method, uri, form, headers.toArray(String[]::new));
                keepCookies(response, cookies);
                int status = response.status();
                if (status >= 300 && status < 400) {
                    URI location = uri.resolve(response.header("Location"));
                    if (location.toString().startsWith(REDIRECT_URI)) {
                        Map<String, String> query = query(location.getRawQuery());
                        if (!state.equals(query.get("state")) || query.get("code") == null) {
                            throw new FlowException("redirect_without_code");
                        }
                        code = query.get("code");
                    } else {
                        uri = location;
                        method = "GET";
                        form = null;
                    }
                } else if (status == 200) {
                    String[] target = loginForm(uri, response.body());
                    uri = URI.create(target[0]);
                    method = "POST";
                    form = target[1];
                } else {
                    throw new FlowException("flow_status_" + status);
                }
            }
            if (code == null) {
                throw new FlowException("flow_no_code");
            }
            StringBuilder exchange = new StringBuilder("grant_type=authorization_code&code=").append(enc(code))
                    .append("&redirect_uri=").append(enc(REDIRECT_URI))
                    .append("&code_verifier=").append(verifier);
            if (resource != null) {
                exchange.append("&resource=").append(enc(resource));
            }
            Response response = token(http, exchange);
            if (response.status() != 200) {
                throw new FlowException("token_status_" + response.status());
            }
            Map<String, String> tokens = json(response.body());
            return new Tokens(tokens.get("access_token"), tokens.get("refresh_token"));
        }

        Response refresh(Http http, String refreshToken) throws Exception {
            return token(http, new StringBuilder("grant_type=refresh_token&refresh_token=").append(enc(refreshToken)));
        }

        Response token(Http http, StringBuilder form) throws Exception {
            URI uri = URI.create(base + tokenPath);
            if (basicAuth != null) {
                return http.send("POST", uri, form.toString(), "Content-Type", "application/x-www-form-urlencoded",
                        "Accept", "application/json", "Authorization", basicAuth);
            }
            form.append("&client_id=").append(enc(clientId));
            return http.send("POST", uri, form.toString(), "Content-Type", "application/x-www-form-urlencoded",
                    "Accept", "application/json");
        }

        /** The login form on a page: {target URL, urlencoded body} with the username, password and hidden fields. */
        String[] loginForm(URI page, String html) {
            Matcher formTag = FORM.matcher(html);
            if (!formTag.find()) {
                throw new FlowException("page_without_form");
            }
            String action = attribute(formTag.group(), "action");
            StringBuilder body = new StringBuilder();
            Matcher input = INPUT.matcher(html);
            while (input.find()) {
                String tag = input.group();
                String name = attribute(tag, "name");
                if (name == null) {
                    continue;
                }
                String value = switch (name) {
                    case "username" -> username;
                    case "password" -> password;
                    default -> "hidden".equalsIgnoreCase(attribute(tag, "type")) ? attribute(tag, "value") : null;
                };
                if (value != null) {
                    body.append(body.isEmpty() ? "" : "&").append(enc(name)).append('=').append(enc(value));
                }
            }
            URI target = action == null || action.isEmpty() ? page : page.resolve(action);
            return new String[]{target.toString(), body.toString()};
        }

        String mcpInitialize(Http http, String accessToken) throws Exception {
            String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                    + "\"capabilities\":{},\"clientInfo\":{\"name\":\"loadgen\",\"version\":\"1\"}}}";
            Response response = http.send("POST", URI.create(base + mcpPath), body, mcpHeaders(accessToken, null));
            String session = response.header("Mcp-Session-Id");
            if (response.status() != 200 || session == null) {
                throw new IllegalStateException("initialize: " + response.status() + " " + response.body());
            }
            http.send("POST", URI.create(base + mcpPath), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                    mcpHeaders(accessToken, session));
            return session;
        }

        Response mcpCall(Http http, String accessToken, String session) throws Exception {
            String arguments = tool.equals("echo") ? "{\"text\":\"hello\"}" : "{}";
            String body = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                    + "\",\"arguments\":" + arguments + "}}";
            return http.send("POST", URI.create(base + mcpPath), body, mcpHeaders(accessToken, session));
        }

        static String[] mcpHeaders(String accessToken, String session) {
            List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json",
                    "Accept", "application/json, text/event-stream", "MCP-Protocol-Version", "2025-06-18"));
            if (accessToken != null) {
                headers.addAll(List.of("Authorization", "Bearer " + accessToken));
            }
            if (session != null) {
                headers.addAll(List.of("Mcp-Session-Id", session));
            }
            return headers.toArray(String[]::new);
        }
    }

    static final class FlowException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FlowException(String kind) {
            super(kind, null, false, false);
        }
    }

    // ---------------------------------------------------------------- HTTP clients

    /** An HTTP/1.1 exchange: status, headers (names in lower case) and the body as text. */
    record Response(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    interface Http {
        /** Sends one request; {@code headers} alternate names and values. */
        Response send(String method, URI uri, String body, String... headers) throws IOException, InterruptedException;
    }

    /** java.net.http.HttpClient, shared by the workers (its connection pool keeps one connection per busy worker). */
    static final class JdkHttp implements Http {
        final HttpClient client;

        JdkHttp(HttpClient client) {
            this.client = client;
        }

        @Override
        public Response send(String method, URI uri, String body, String... headers) throws IOException, InterruptedException {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
            for (int i = 0; i < headers.length; i += 2) {
                builder.header(headers[i], headers[i + 1]);
            }
            builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, List<String>> lower = new TreeMap<>();
            response.headers().map().forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
            return new Response(response.statusCode(), lower, response.body());
        }
    }

    /**
     * A minimal blocking HTTP/1.1 client on one keep-alive socket, owned by one worker: a write and a read or two per
     * request, no selector thread and no futures, so the load generator takes as little CPU from the server as it can.
     * Enough HTTP for these servers: Content-Length or chunked bodies, Connection: close honoured, one resend when a
     * reused idle connection turns out closed.
     */
    static final class RawHttp implements Http {
        Socket socket;
        BufferedInputStream in;
        OutputStream out;
        String connectedTo;

        @Override
        public Response send(String method, URI uri, String body, String... headers) throws IOException {
            String authority = uri.getHost() + ":" + (uri.getPort() == -1 ? 80 : uri.getPort());
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(256).append(method).append(' ')
                    .append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
            if (uri.getRawQuery() != null) {
                head.append('?').append(uri.getRawQuery());
            }
            head.append(" HTTP/1.1\r\nHost: ").append(authority).append("\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            if (body != null || method.equals("POST")) {
                head.append("Content-Length: ").append(payload.length).append("\r\n");
            }
            head.append("\r\n");
            byte[] bytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            boolean reused = socket != null && authority.equals(connectedTo);
            try {
                return exchange(authority, uri, bytes, payload);
            } catch (IOException e) {
                close();
                if (!reused) {
                    throw e;
                }
                return exchange(authority, uri, bytes, payload); // the idle connection was closed: once more
            }
        }

        private Response exchange(String authority, URI uri, byte[] head, byte[] payload) throws IOException {
            if (socket == null || !authority.equals(connectedTo)) {
                close();
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort()), 5000);
                socket.setSoTimeout(10_000);
                in = new BufferedInputStream(socket.getInputStream(), 32 * 1024);
                out = socket.getOutputStream();
                connectedTo = authority;
            }
            if (payload.length > 0) {
                byte[] all = Arrays.copyOf(head, head.length + payload.length);
                System.arraycopy(payload, 0, all, head.length, payload.length);
                out.write(all);
            } else {
                out.write(head);
            }
            out.flush();
            String statusLine = line();
            if (statusLine == null) {
                throw new IOException("connection closed");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            Map<String, List<String>> headers = new TreeMap<>();
            for (String line = line(); line != null && !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                        .add(line.substring(colon + 1).trim());
            }
            byte[] content;
            List<String> encoding = headers.get("transfer-encoding");
            List<String> length = headers.get("content-length");
            if (encoding != null && encoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
                java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
                while (true) {
                    String size = line();
                    int chunk = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                    if (chunk == 0) {
                        for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                            // trailers: none expected
                        }
                        break;
                    }
                    buffer.write(in.readNBytes(chunk));
                    line();
                }
                content = buffer.toByteArray();
            } else if (length != null) {
                content = in.readNBytes(Integer.parseInt(length.get(0)));
            } else if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
                content = new byte[0];
            } else {
                content = in.readAllBytes();
                headers.put("connection", List.of("close"));
            }
            List<String> connection = headers.get("connection");
            if (connection != null && connection.get(0).equalsIgnoreCase("close")) {
                close();
            }
            return new Response(status, headers, new String(content, StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int n = line.length();
                    return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
                }
                line.append((char) c);
            }
            return line.length() == 0 ? null : line.toString();
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            socket = null;
            connectedTo = null;
        }
    }

    // ---------------------------------------------------------------- small helpers

    /** The Cookie header for a flow's cookies; the servers here scope none of theirs to another host. */
    static String cookieHeader(Map<String, String> cookies) {
        StringBuilder header = new StringBuilder();
        cookies.forEach((k, v) -> header.append(header.isEmpty() ? "" : "; ").append(k).append('=').append(v));
        return header.toString();
    }

    static void keepCookies(Response response, Map<String, String> cookies) {
        for (String header : response.all("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            String lower = header.toLowerCase(Locale.ROOT);
            if (value.isEmpty() || lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    static String attribute(String tag, String name) {
        Matcher m = Pattern.compile("\\b" + name + "\\s*=\\s*(\"([^\"]*)\"|'([^']*)')", Pattern.CASE_INSENSITIVE)
                .matcher(tag);
        if (!m.find()) {
            return null;
        }
        return unescape(m.group(2) != null ? m.group(2) : m.group(3));
    }

    static String unescape(String html) {
        return html.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&#x2F;", "/").replace("&#47;", "/");
    }

    static Map<String, String> json(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = JSON_STRING.matcher(body);
        while (m.find()) {
            values.putIfAbsent(m.group(1), m.group(2));
        }
        return values;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

}
