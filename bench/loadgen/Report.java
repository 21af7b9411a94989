import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes bench/results.md from the lines bench/run.sh collected: {@code java Report meta.txt results.txt
 * [findings.md]}. Each results line is key=value pairs: {@code server}, {@code name} (or {@code scenario=startup}) and
 * what the load generator printed.
 */
public final class Report {
    private final Map<String, String> meta = new LinkedHashMap<>();
    private final List<Map<String, String>> rows = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();

    public static void main(String[] args) throws IOException {
        Report report = new Report();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                report.meta.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            if (!line.isBlank()) {
                report.rows.add(parse(line));
            }
        }
        report.write(args.length > 2 && Files.exists(Path.of(args[2])) ? Files.readString(Path.of(args[2])) : "");
        System.out.print(report.out);
    }

    static Map<String, String> parse(String line) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : line.trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return values;
    }

    /** Every measurement of {@code name} on {@code server}, in the order taken. */
    List<Map<String, String>> all(String server, String name) {
        return rows.stream().filter(r -> server.equals(r.get("server")) && name.equals(r.get("name"))).toList();
    }

    Optional<Map<String, String>> row(String server, String name) {
        return all(server, name).stream().findFirst();
    }

    Optional<Map<String, String>> startup(String server) {
        return rows.stream().filter(r -> server.equals(r.get("server")) && "startup".equals(r.get("scenario")))
                .findFirst();
    }

    static double num(Map<String, String> row, String key) {
        try {
            return Double.parseDouble(row.getOrDefault(key, "NaN"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    String value(String server, String name, String key) {
        return row(server, name).map(r -> r.getOrDefault(key, "–")).orElse("–");
    }

    String rate(String server, String name) {
        return row(server, name).map(r -> String.format(Locale.ROOT, "%,.0f", num(r, "rps"))).orElse("–");
    }

    String cores(String server, String name) {
        return row(server, name).map(r -> String.format(Locale.ROOT, "%.2f", num(r, "server_cpu_s") / num(r, "seconds")))
                .orElse("–");
    }

    String errors(String server, String name) {
        return row(server, name).map(r -> {
            String count = r.getOrDefault("errors", "?");
            String kinds = r.get("error_kinds");
            return kinds == null ? count : count + " " + kinds.replace("_", " ").replace("{", "(").replace("}", ")");
        }).orElse("–");
    }

    String ratio(String a, String b, String name, String key) {
        Optional<Map<String, String>> x = row(a, name);
        Optional<Map<String, String>> y = row(b, name);
        if (x.isEmpty() || y.isEmpty() || num(y.get(), key) == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f×", num(x.get(), key) / num(y.get(), key));
    }

    /** The better of the two peers on this scenario, by throughput. */
    String bestPeer(String oidc, String spring, String name) {
        double o = row(oidc, name).map(r -> num(r, "rps")).orElse(-1.0);
        double s = row(spring, name).map(r -> num(r, "rps")).orElse(-1.0);
        return s > o ? spring : oidc;
    }

    void line(String text) {
        out.append(text).append('\n');
    }

    /** A meta value, also from the {@code key=value} pairs that follow the first one on a line of meta.txt. */
    String setting(String key) {
        String direct = meta.get(key);
        if (direct != null) {
            return direct.split(" ")[0];
        }
        for (String value : meta.values()) {
            for (String pair : value.split(" ")) {
                if (pair.startsWith(key + "=")) {
                    return pair.substring(key.length() + 1);
                }
            }
        }
        return "?";
    }

    void write(String findings) {
        line("# mcpauth benchmarks: results");
        line("");
        line("Written by `bash bench/run.sh` (" + meta.getOrDefault("date", "?") + ", commit "
                + meta.getOrDefault("commit", "?") + ", " + meta.getOrDefault("elapsed_s", "?") + " s). "
                + "Every figure below comes from that run; rerun the script to refresh them.");
        line("");
        line("## Machine and setup");
        line("");
        line("| | |");
        line("|---|---|");
        for (String key : List.of("cpu", "memory", "kernel", "java", "node", "redis", "oidc_provider", "spring_as",
                "spring_boot", "workers")) {
            line("| " + key.replace('_', ' ') + " | " + meta.getOrDefault(key, "?") + " |");
        }
        line("");
        line("**Two cores, shared.** The load generator, the server under test (and its redis-server or upstream, "
                + "when it has one) all run on the same two cores, so every throughput figure is what the server "
                + "achieves with whatever the client leaves it. The load generator is kept cheap: one blocking "
                + "keep-alive socket per worker with a minimal HTTP/1.1 client (about 20 µs of CPU per request, against "
                + "about 300 µs for `java.net.http.HttpClient` measured on this machine). The tables give the CPU the "
                + "server used (in cores, out of 2) and requests **per server CPU-second**, a figure that depends less "
                + "on how the two cores were shared; node is single-threaded, so oidc-provider can use one core at most "
                + "while the JVMs use both. Other people's builds ran on this machine too: each measurement waits for an "
                + "idle second first, and is repeated once (keeping the quieter try) when other processes took more than "
                + "10% of the CPU during it; the last table lists what they took.");
        line("");
        tokenEndpoint();
        ratios();
        gateway();
        startupAndMemory();
        startupSeries();
        commands();
        noise();
        if (!findings.isBlank()) {
            line(findings.strip());
            line("");
        }
    }

    static final List<String[]> SERVERS = List.of(
            new String[]{"mcpauth-mem-es256", "mcpauth", "ES256", "memory"},
            new String[]{"mcpauth-mem-rs256", "mcpauth", "RS256", "memory"},
            new String[]{"mcpauth-redis-es256", "mcpauth", "ES256", "Redis"},
            new String[]{"mcpauth-redis-rs256", "mcpauth", "RS256", "Redis"},
            new String[]{"mcpauth-default", "mcpauth embedded default (Argon2id login)", "ES256", "memory"},
            new String[]{"oidc-es256", "node oidc-provider", "ES256", "memory"},
            new String[]{"oidc-rs256", "node oidc-provider", "RS256", "memory"},
            new String[]{"spring-es256", "Spring Authorization Server", "ES256", "memory"},
            new String[]{"spring-rs256", "Spring Authorization Server", "RS256", "memory"});

    void tokenEndpoint() {
        line("## Token endpoint");
        line("");
        line("Refresh grants: each worker owns one refresh-token chain and always presents the token it just "
                + "received (rotation on every use). Code flows: a fresh browser per flow: GET the authorization "
                + "endpoint, follow the redirects, POST the login form, exchange the code with the PKCE verifier. "
                + "Any unexpected status is an error.");
        line("");
        line("| server | alg | storage | refresh grants/s | p50 ms | p99 ms | errors | server cores | grants per server CPU-s | code flows/s | p50 ms | p99 ms | errors | flows per server CPU-s |");
        line("|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|");
        for (String[] s : SERVERS) {
            if (row(s[0], "refresh").isEmpty() && row(s[0], "flow").isEmpty()) {
                continue;
            }
            line("| " + s[1] + " | " + s[2] + " | " + s[3]
                    + " | " + rate(s[0], "refresh") + " | " + value(s[0], "refresh", "p50_ms")
                    + " | " + value(s[0], "refresh", "p99_ms") + " | " + errors(s[0], "refresh")
                    + " | " + cores(s[0], "refresh") + " | " + value(s[0], "refresh", "per_server_cpu_s")
                    + " | " + rate(s[0], "flow") + " | " + value(s[0], "flow", "p50_ms")
                    + " | " + value(s[0], "flow", "p99_ms") + " | " + errors(s[0], "flow")
                    + " | " + value(s[0], "flow", "per_server_cpu_s") + " |");
        }
        line("");
    }

    void ratios() {
        line("## Ratios");
        line("");
        line("mcpauth divided by the peer, same signing algorithm; the target is at least 3× the better peer on "
                + "refresh grants.");
        line("");
        line("| mcpauth | peer | refresh grants/s | grants per server CPU-s | code flows/s | flows per server CPU-s |");
        line("|---|---|---:|---:|---:|---:|");
        for (String alg : List.of("es256", "rs256")) {
            for (String storage : List.of("mem", "redis")) {
                String ours = "mcpauth-" + storage + "-" + alg;
                if (row(ours, "refresh").isEmpty()) {
                    continue;
                }
                for (String peer : List.of("oidc-" + alg, "spring-" + alg)) {
                    if (row(peer, "refresh").isEmpty()) {
                        continue;
                    }
                    line("| " + ours + " | " + peer + " | " + ratio(ours, peer, "refresh", "rps") + " | "
                            + ratio(ours, peer, "refresh", "per_server_cpu_s") + " | " + ratio(ours, peer, "flow", "rps")
                            + " | " + ratio(ours, peer, "flow", "per_server_cpu_s") + " |");
                }
            }
        }
        line("");
        String best = bestPeer("oidc-es256", "spring-es256", "refresh");
        if (row("mcpauth-mem-es256", "refresh").isPresent() && row(best, "refresh").isPresent()) {
            double r = num(row("mcpauth-mem-es256", "refresh").get(), "rps") / num(row(best, "refresh").get(), "rps");
            line(String.format(Locale.ROOT, "**Target (refresh grants, ES256, memory, ≥ 3× the better peer, here %s): "
                    + "%.2f× in this run, %s.** One run is one sample: see the findings below for how much the figure "
                    + "moves between runs.", best, r, r >= 3 ? "met" : "not met"));
            line("");
        }
    }

    void gateway() {
        if (row("mcpauth-mem-es256", "gateway").isEmpty() && row("mcpauth-mem-es256", "mcp-demo").isEmpty()) {
            return;
        }
        line("## MCP gateway");
        line("");
        line("Each worker signs in once (one code flow), sends `initialize` and `notifications/initialized`, then "
                + "repeats `tools/call` on its MCP session. The upstream is the MCP TypeScript SDK server of the gateway "
                + "tests (`interop/upstream/server.mjs`, answers as SSE streams), called directly (no authentication), "
                + "through mcpauth's `/up/mcp` (bearer token checked, identity headers and assertion added, response "
                + "streamed back), and through `/signed/mcp`, an app with `identity: [assertion]` (the upstream gets "
                + "the signed assertion but not the four plain `X-MCPAuth-*` headers). These three are measured by one "
                + "load generator in turns of one second (direct, gateway, assertion only, direct, ...), "
                + setting("gateway_duration") + " s each after a warm-up of " + setting("gateway_warmup")
                + " s taken in turns too: the host's vCPUs change speed by more than the gateway's cost over tens of "
                + "seconds (bench/findings.md), so figures measured one after the other compare badly, while in turns "
                + "all three see the same machine; and the JIT takes about a minute to compile the forwarding path. "
                + "The built-in demo app (`/mcp`, `whoami`) and the unauthenticated JWKS document show mcpauth's own "
                + "cost without an upstream (" + setting("flow_warmup") + " s warm-up, " + setting("flow_duration")
                + " s). Server cores count mcpauth and the upstream together where both work.");
        line("");
        line("| what | path | requests/s | p50 ms | p99 ms | errors | server cores |");
        line("|---|---|---:|---:|---:|---|---:|");
        String[][] cases = {
                {"mcpauth-mem-es256", "upstream-direct", "upstream MCP server, direct", "upstream `/mcp`, tools/call echo"},
                {"mcpauth-mem-es256", "gateway", "through the mcpauth gateway (ES256 bearer)", "`/up/mcp`, tools/call echo"},
                {"mcpauth-mem-es256", "signed", "through the gateway, `identity: [assertion]`",
                        "`/signed/mcp`, tools/call echo"},
                {"mcpauth-mem-es256", "mcp-demo", "mcpauth demo app (ES256 bearer, memory)", "`/mcp`, tools/call whoami"},
                {"mcpauth-redis-es256", "mcp-demo", "mcpauth demo app (ES256 bearer, Redis)", "`/mcp`, tools/call whoami"},
                {"mcpauth-mem-es256", "jwks", "unauthenticated baseline", "GET `/.well-known/jwks.json`"}};
        for (String[] c : cases) {
            if (row(c[0], c[1]).isEmpty()) {
                continue;
            }
            line("| " + c[2] + " | " + c[3] + " | " + rate(c[0], c[1]) + " | " + value(c[0], c[1], "p50_ms") + " | "
                    + value(c[0], c[1], "p99_ms") + " | " + errors(c[0], c[1]) + " | " + cores(c[0], c[1]) + " |");
        }
        Optional<Map<String, String>> gateway = row("mcpauth-mem-es256", "gateway");
        Optional<Map<String, String>> direct = row("mcpauth-mem-es256", "upstream-direct");
        Optional<Map<String, String>> signed = row("mcpauth-mem-es256", "signed");
        if (gateway.isPresent() && direct.isPresent()) {
            Map<String, String> d = direct.get();
            List<Double> directParts = parts(d);
            line("");
            if (!directParts.isEmpty()) {
                line("The same measurement in six consecutive parts, to show how steady the ratios were:");
                line("");
                line("| part | direct req/s | gateway req/s | ratio |" + (signed.isPresent()
                        ? " assertion only req/s | ratio |" : ""));
                line("|---:|---:|---:|---:|" + (signed.isPresent() ? "---:|---:|" : ""));
                List<Double> gatewayParts = parts(gateway.get());
                List<Double> signedParts = signed.map(Report::parts).orElse(List.of());
                for (int i = 0; i < directParts.size() && i < gatewayParts.size(); i++) {
                    String row = String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f× |", i + 1, directParts.get(i),
                            gatewayParts.get(i), gatewayParts.get(i) / directParts.get(i));
                    if (i < signedParts.size()) {
                        row += String.format(Locale.ROOT, " %,.0f | %.2f× |", signedParts.get(i),
                                signedParts.get(i) / directParts.get(i));
                    }
                    line(row);
                }
                line("");
            }
            line("**Target (gateway ≥ 0.9× direct, ≤ 1 ms added p99): " + verdict(gateway.get(), d) + ".**");
            signed.ifPresent(s -> {
                line("");
                line("With `identity: [assertion]`: " + verdict(s, d) + ".");
            });
        }
        line("");
    }

    /** The figures and verdict on the gateway target for one of the gateway's rows against the direct upstream. */
    static String verdict(Map<String, String> g, Map<String, String> d) {
        List<Double> directParts = parts(d);
        double ratio = num(g, "rps") / num(d, "rps");
        double addedP99 = num(g, "p99_ms") - num(d, "p99_ms");
        String range = "";
        List<Double> own = parts(g);
        if (!directParts.isEmpty() && own.size() == directParts.size()) {
            double min = Double.MAX_VALUE;
            double max = 0;
            for (int i = 0; i < own.size(); i++) {
                min = Math.min(min, own.get(i) / directParts.get(i));
                max = Math.max(max, own.get(i) / directParts.get(i));
            }
            range = String.format(Locale.ROOT, " (its parts: %.2f–%.2f×)", min, max);
        }
        return String.format(Locale.ROOT, "%.2f× and %+.2f ms p99 over the whole measurement%s, p50 %+.2f ms: %s",
                ratio, addedP99, range,
                num(g, "p50_ms") - num(d, "p50_ms"), ratio >= 0.9 && addedP99 <= 1 ? "met" : "missed");
    }

    /** The throughput in each part of a measurement in turns ({@code block_rps}), or nothing for other rows. */
    static List<Double> parts(Map<String, String> row) {
        String value = row.get("block_rps");
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(value.split("/")).map(Double::parseDouble).toList();
    }

    void startupAndMemory() {
        line("## Startup and memory");
        line("");
        line("Startup: from process start to the first 200 (mcpauth: `/health`; oidc-provider: "
                + "`/.well-known/openid-configuration`; Spring: `/.well-known/oauth-authorization-server`), polled every "
                + "10 ms. Resident memory (VmRSS): idle 3 s after that first 200, and the peak sampled during its "
                + "measurements. JVMs run with their default heap settings (G1, max heap a quarter of RAM).");
        line("");
        line("| server | startup ms | RSS idle MB | RSS peak under load MB |");
        line("|---|---:|---:|---:|");
        for (String[] s : SERVERS) {
            Optional<Map<String, String>> st = startup(s[0]);
            if (st.isEmpty()) {
                continue;
            }
            long peak = rows.stream().filter(r -> s[0].equals(r.get("server")) && r.containsKey("rss_peak_mb"))
                    .mapToLong(r -> (long) num(r, "rss_peak_mb")).max().orElse(0);
            line("| " + s[0] + " | " + st.get().getOrDefault("startup_ms", "?") + " | "
                    + st.get().getOrDefault("rss_idle_mb", "?") + " | " + peak + " |");
        }
        line("");
    }

    /** The startup series of {@code run_startup_series}: min, median and max of each way's starts. */
    void startupSeries() {
        String[][] ways = {
                {"mcpauth-startup-plain", "`java -jar mcpauth.jar` (JDK 17); also `scripts/run.sh` without an "
                        + "archive (another JDK, or a build with `-Dmcpauth.archive.skip`)"},
                {"mcpauth-startup-build-cds", "JDK 17 with the AppCDS archive the build records (`train`), as "
                        + "`scripts/run.sh` (the README's way) starts after `mvn package`"},
                {"mcpauth-startup-cds", "JDK 17 with an AppCDS archive written by a start that served code flows, "
                        + "as `scripts/run.sh` records one when it has none"},
                {"mcpauth-startup-jdk25", "`java -jar mcpauth.jar` on JDK 25"},
                {"mcpauth-startup-jdk25-aot", "JDK 25 with its AOT cache (`-XX:AOTCache`)"}};
        List<String> lines = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        for (String[] way : ways) {
            List<Long> ms = rows.stream()
                    .filter(r -> "startup".equals(r.get("scenario")) && r.getOrDefault("server", "").matches(
                            java.util.regex.Pattern.quote(way[0]) + "-\\d+"))
                    .map(r -> Long.parseLong(r.getOrDefault("startup_ms", "-1"))).filter(v -> v >= 0).sorted()
                    .toList();
            if (!ms.isEmpty()) {
                long median = ms.get(ms.size() / 2);
                lines.add("| " + way[1] + " | " + ms.size() + " | " + ms.get(0) + " | " + median
                        + " | " + ms.get(ms.size() - 1) + " |");
                verdicts.add(way[1] + ": " + median + " ms, " + (median <= 1500 ? "met" : "missed"));
            }
        }
        if (lines.isEmpty()) {
            return;
        }
        line("### Startup, repeated");
        line("");
        line("mcpauth-mem-es256's configuration started several times each way, from process start to the first 200 "
                + "from `/health`. The build records a class-data archive from `java -jar mcpauth.jar train` (a start "
                + "on the built-in defaults that answers a client's first requests and exits), which `scripts/run.sh` "
                + "starts with; the other archive and the AOT cache are written by one training start that runs a "
                + "few code flows and then exits (`-XX:ArchiveClassesAtExit`, `-XX:AOTCacheOutput`), as "
                + "`scripts/run.sh` writes its archive when a start without one stops; README.md shows how to make "
                + "and use them.");
        line("");
        line("| how | starts | min ms | median ms | max ms |");
        line("|---|---:|---:|---:|---:|");
        lines.forEach(this::line);
        line("");
        line("**Target (startup ≤ 1.5 s), by median:** " + String.join("; ", verdicts) + ".");
        line("");
    }

    /** The commands behind each figure, as bench/lib.sh runs them (its functions fill in ports and pids). */
    void commands() {
        String loadgen = "java -XX:+UseSerialGC -Xmx256m -cp bench/.work/loadgen Loadgen";
        String load = " --workers " + setting("workers") + " --pid SERVER_PIDS";
        String refresh = " --warmup " + setting("warmup") + " --duration " + setting("duration");
        String flow = " --warmup " + setting("flow_warmup") + " --duration " + setting("flow_duration");
        line("## How each figure was produced");
        line("");
        line("`bash bench/run.sh` runs everything below (`bench/lib.sh` holds the functions); each server is started by "
                + "the load generator's `startup` command, which times its first 200. BASE is the server's URL on "
                + "127.0.0.1, SERVER is `mcpauth`, `oidc` or `spring`, SERVER_PIDS the processes whose CPU counts as the "
                + "server's. mcpauth's configuration for each row is written to `bench/.work/<row>.yml` "
                + "(`mcpauth_config` in bench/lib.sh).");
        line("");
        line("| figure | command |");
        line("|---|---|");
        line("| start mcpauth (row label, e.g. mcpauth-mem-es256) | `" + loadgen + " startup --url BASE/health -- java "
                + "-Dmicronaut.config.files=bench/.work/<row>.yml -jar mcpauth.jar` |");
        line("| start oidc-provider | `PORT=… ALG=ES256 PASSWORD_HASH=… " + loadgen + " startup --url "
                + "BASE/.well-known/openid-configuration -- node bench/peers/oidc-provider/server.mjs` |");
        line("| start Spring Authorization Server | `" + loadgen + " startup --url "
                + "BASE/.well-known/oauth-authorization-server -- java -jar "
                + "bench/peers/spring-as/target/spring-as-peer.jar --server.port=… --bench.alg=ES256 …` |");
        line("| refresh grants/s | `" + loadgen + " refresh --server SERVER --base BASE" + load + refresh + "` |");
        line("| code flows/s | `" + loadgen + " flow --server SERVER --base BASE" + load + flow + "` |");
        line("| demo app | `" + loadgen + " mcp --server mcpauth --base BASE --path /mcp --tool whoami" + load + flow
                + "` |");
        line("| JWKS baseline | `" + loadgen + " get --url BASE/.well-known/jwks.json" + load + flow + "` |");
        line("| gateway, direct upstream, assertion only (in turns) | `" + loadgen + " alternate --targets "
                + "upstream-direct,gateway,signed --server mcpauth --tool echo --workers " + setting("workers")
                + " --warmup " + setting("gateway_warmup") + " --duration " + setting("gateway_duration")
                + " --upstream-direct.base http://127.0.0.1:UPSTREAM --upstream-direct.path /mcp "
                + "--upstream-direct.no-auth true --upstream-direct.pid UPSTREAM_PID --gateway.base BASE "
                + "--gateway.path /up/mcp --gateway.pid SERVER_PIDS --signed.base BASE --signed.path /signed/mcp "
                + "--signed.pid SERVER_PIDS` |");
        line("| startup series | `run_startup_series` in bench/lib.sh: the start command above, with "
                + "`-XX:ArchiveClassesAtExit`/`-XX:SharedArchiveFile` or, on JDK 25, `-XX:AOTCacheOutput`/`-XX:AOTCache` |");
        line("");
    }

    void noise() {
        line("## CPU during each measurement");
        line("");
        line("Seconds of CPU used during the measured window by the server (with its redis-server or upstream), the "
                + "load generator, and everything else on the machine, and the idle time left; the window offers "
                + "2 × its length.");
        line("");
        line("| server | scenario | window s | server | load generator | others | idle | tries |");
        line("|---|---|---:|---:|---:|---:|---:|---:|");
        for (Map<String, String> r : rows) {
            if (r.containsKey("name")) {
                line("| " + r.get("server") + " | " + r.get("name") + " | " + r.getOrDefault("seconds", "?") + " | "
                        + r.getOrDefault("server_cpu_s", "?") + " | " + r.getOrDefault("client_cpu_s", "?") + " | "
                        + r.getOrDefault("other_cpu_s", "?") + " | " + r.getOrDefault("idle_cpu_s", "?") + " | "
                        + r.getOrDefault("attempt", "1") + " |");
            }
        }
        line("");
    }
}
