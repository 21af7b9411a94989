# Shared by bench/run.sh and bench/profile.sh: settings, process bookkeeping, builds, and starting and measuring
# servers. Sourced, not run.
bench=${bench:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
root=$(dirname "$bench")
work=$bench/.work
logs=$work/logs
results=$work/results.txt
mkdir -p "$work" "$logs"

WARMUP=${BENCH_WARMUP:-15}
DURATION=${BENCH_DURATION:-20}
FLOW_WARMUP=${BENCH_FLOW_WARMUP:-10}
FLOW_DURATION=${BENCH_FLOW_DURATION:-15}
GATEWAY_WARMUP=${BENCH_GATEWAY_WARMUP:-90}
GATEWAY_DURATION=${BENCH_GATEWAY_DURATION:-60}
WORKERS=${BENCH_WORKERS:-4}
ONLY=${BENCH_ONLY:-}
RETRY_BUDGET=${BENCH_RETRY_BUDGET:-600} # seconds into the run after which a disturbed measurement is not repeated
JAVA=${JAVA:-java}
# bcrypt (cost 4) of "bench-password-1": every server checks the same kind of hash at login (see results.md)
PASSWORD_HASH='$2b$04$P4i2xtlmOCRtFIfW8zxt/.6yhOKfS5vJjhdfNb6ni7Ev8T/S8Lpd2'
started=$(date +%s)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------- processes we start, and only those

pids=()
track() { pids+=("$1"); }
stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    stop_pid "$pid"
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  for port in $(seq "$1" $(($1 + 200))); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "no free port from $1" >&2
  exit 1
}

wanted() { [ -z "$ONLY" ] || [[ " $ONLY " == *" $1 "* ]]; }

# ---------------------------------------------------------------- build

loadgen_classes=$work/loadgen
build() {
  log "building the load generator"
  rm -rf "$loadgen_classes"
  javac -d "$loadgen_classes" "$bench/loadgen/Loadgen.java" "$bench/loadgen/Report.java"
  if [ -n "${MCPAUTH_JAR:-}" ]; then
    cp "$MCPAUTH_JAR" "$work/mcpauth.jar"
  else
    if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
      log "building mcpauth (mvn -B -q -DskipTests package)"
      (cd "$root" && mvn -B -q -DskipTests package)
    fi
    # a copy, so that a rebuild in the work tree cannot change the jar under a running benchmark
    cp "$root/bootstrap/target/mcpauth.jar" "$work/mcpauth.jar"
  fi
  if [ "${BENCH_SKIP_BUILD:-}" != 1 ] || [ ! -f "$bench/peers/spring-as/target/spring-as-peer.jar" ]; then
    log "building the Spring Authorization Server peer"
    mvn -B -q -DskipTests -f "$bench/peers/spring-as/pom.xml" package
  fi
  if [ ! -d "$bench/peers/oidc-provider/node_modules/oidc-provider" ]; then
    log "installing the oidc-provider peer (npm ci)"
    (cd "$bench/peers/oidc-provider" && npm ci --no-audit --no-fund --silent)
  fi
  if [ ! -d "$root/interop/upstream/node_modules/@modelcontextprotocol" ]; then
    log "installing the upstream MCP server of the gateway tests (npm ci in interop/upstream)"
    (cd "$root/interop/upstream" && npm ci --no-audit --no-fund --silent)
  fi
}

# ---------------------------------------------------------------- measuring

loadgen() { "$JAVA" -XX:+UseSerialGC -Xmx256m -cp "$loadgen_classes" Loadgen "$@"; }

# start LABEL HEALTH_URL command... : starts a server, records the time to its first 200 and its idle RSS
server_pid=
start() {
  local label=$1 url=$2
  shift 2
  loadgen quiet --max-wait 10 >/dev/null
  local out
  out=$(loadgen startup --url "$url" --pidfile "$work/$label.pid" --log "$logs/$label.log" --timeout 120 -- "$@")
  server_pid=$(cat "$work/$label.pid")
  track "$server_pid"
  if [[ $out != startup_ms=[0-9]* ]]; then
    log "$label did not start: $out (log: $logs/$label.log)"
    tail -20 "$logs/$label.log" >&2
    return 1
  fi
  sleep 3
  local rss
  rss=$(awk '/^VmRSS:/ {print int($2 / 1024)}' "/proc/$server_pid/status")
  echo "server=$label scenario=startup $out rss_idle_mb=$rss" >> "$results"
  log "$label: $out rss_idle_mb=$rss"
}

# measure LABEL SCENARIO_NAME loadgen-command [options]: one measurement; once more if others used the machine
measure() {
  local label=$1 name=$2
  shift 2
  local warmup=$FLOW_WARMUP duration=$FLOW_DURATION
  if [ "$1" = refresh ]; then
    warmup=$WARMUP
    duration=$DURATION
  fi
  if [ "$name" = gateway ] || [ "$name" = upstream-direct ]; then
    warmup=$GATEWAY_WARMUP # the forwarding path takes the JIT about a minute here (bench/findings.md)
  fi
  quieter_try "$label" "$name" "$duration" "$@" --workers "$WORKERS" --warmup "$warmup" --duration "$duration"
  echo "server=$label name=$name attempt=$tried_attempt $tried_lines" >> "$results"
  log "$label $name: $tried_lines"
}

# quieter_try LABEL NAME MEASURED_S loadgen-arguments...: runs the load generator (one result line, or one per target
# of `alternate`); when other processes (someone's build) took more than 10% of the two cores during its MEASURED_S
# seconds, once more, keeping the quieter try, while the run is within its time budget. Sets tried_lines and
# tried_attempt.
tried_lines=
tried_attempt=
quieter_try() {
  local label=$1 name=$2 measured=$3
  shift 3
  local lines other best_other=999999 attempt
  for attempt in 1 2; do
    loadgen quiet --max-wait 10 >/dev/null
    lines=$(loadgen "$@" 2>>"$logs/loadgen.err") || {
      log "$label $name: the load generator failed (see $logs/loadgen.err)"
      lines="scenario=$1 ok=0 errors=1 error_kinds={loadgen_failed}"
    }
    other=$(sed -n 's/.* other_cpu_s=\([0-9.]*\).*/\1/p' <<< "$lines" | awk '{ s += $1 } END { print s + 0 }')
    if awk -v o="$other" -v b="$best_other" 'BEGIN { exit !(o < b) }'; then
      tried_lines=$lines
      best_other=$other
    fi
    tried_attempt=$attempt
    if awk -v o="$other" -v d="$measured" 'BEGIN { exit !(o <= 0.1 * 2 * d) }' \
        || [ $(( $(date +%s) - started )) -gt "$RETRY_BUDGET" ]; then
      break
    fi
    [ "$attempt" = 1 ] && log "$label $name: other processes used ${other}s of CPU; measuring once more"
  done
}

stop() {
  stop_pid "$server_pid"
}

# ---------------------------------------------------------------- servers

mcpauth_config() { # FILE PORT ALGORITHM STORAGE [REDIS_PORT UPSTREAM_URL]
  local file=$1 port=$2 alg=$3 storage=$4 redis_port=${5:-} upstream=${6:-}
  {
    echo "micronaut:"
    echo "  server:"
    echo "    port: $port"
    echo "mcpauth:"
    echo "  server:"
    echo "    name: mcpauth-bench"
    echo "  auth:"
    echo "    mode: orchestrated"
    echo "    type: local"
    echo "    token-storage:"
    echo "      type: $storage"
    if [ "$storage" = redis ]; then
      echo "      config:"
      echo "        host: 127.0.0.1"
      echo "        port: $redis_port"
    fi
    echo "    secrets-key: \"$(head -c 32 /dev/urandom | base64)\""
    echo "    signing:"
    echo "      algorithm: $alg"
    echo "    users:"
    echo "      - username: bench"
    echo "        password-hash: \"$PASSWORD_HASH\""
    if [ -n "$upstream" ]; then
      echo "  apps:"
      echo "    - id: demo"
      echo "      path: /mcp"
      echo "    - id: upstream"
      echo "      path: /up/mcp"
      echo "      upstream: $upstream"
      echo "    - id: signed"
      echo "      path: /signed/mcp"
      echo "      upstream: $upstream"
      echo "      identity: [assertion]"
    fi
  } > "$file"
}

redis_pid=
redis_port=
start_redis() { # LABEL: a redis-server of its own on a free port, nothing saved to disk
  redis_port=$(free_port 16379)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --protected-mode yes \
    > "$logs/$1-redis.log" 2>&1 &
  redis_pid=$!
  track "$redis_pid"
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null && return 0
    sleep 0.1
  done
  log "redis-server did not start (see $logs/$1-redis.log)"
  return 1
}

up_pid=
up_port=
hold_pid=
start_upstream() { # the gateway tests' upstream MCP server (MCP TypeScript SDK, SSE answers)
  up_port=$(free_port 19001)
  rm -f "$work/upstream.fifo"
  mkfifo "$work/upstream.fifo"
  # it exits when its standard input closes: hold a pipe open for it, at most 20 minutes
  node "$root/interop/upstream/server.mjs" "$up_port" < "$work/upstream.fifo" > "$logs/upstream.log" 2>&1 &
  up_pid=$!
  track "$up_pid"
  sleep 1200 > "$work/upstream.fifo" &
  hold_pid=$!
  track "$hold_pid"
  for _ in $(seq 1 100); do
    grep -q listening "$logs/upstream.log" 2>/dev/null && return 0
    sleep 0.1
  done
  log "the upstream MCP server did not start (see $logs/upstream.log)"
  return 1
}

stop_helpers() {
  if [ -n "$hold_pid" ]; then stop_pid "$hold_pid"; stop_pid "$up_pid"; fi
  if [ -n "$redis_pid" ]; then stop_pid "$redis_pid"; fi
  hold_pid= up_pid= redis_pid=
}

# start_mcpauth LABEL ALGORITHM STORAGE [gateway]: with its redis-server and upstream when it needs them; sets
# base (its URL) and watch (the pids whose CPU counts as the server's)
base=
watch=
start_mcpauth() {
  local label=$1 alg=$2 storage=$3 gateway=${4:-} upstream=""
  local port
  port=$(free_port 18080)
  if [ "$storage" = redis ]; then
    start_redis "$label"
  fi
  if [ -n "$gateway" ]; then
    start_upstream
    upstream=http://127.0.0.1:$up_port/mcp
  fi
  mcpauth_config "$work/$label.yml" "$port" "$alg" "$storage" "$redis_port" "$upstream"
  # shellcheck disable=SC2086 # MCPAUTH_JAVA_OPTS is a list of options
  start "$label" "http://127.0.0.1:$port/health" "$JAVA" ${MCPAUTH_JAVA_OPTS:-} \
    "-Dmicronaut.config.files=$work/$label.yml" -jar "$work/mcpauth.jar"
  base=http://127.0.0.1:$port
  watch=$server_pid${redis_pid:+,$redis_pid}
}

# measure_mcpauth LABEL SCENARIO: one of refresh, flow, mcp-demo, jwks, gateway, upstream-direct (the last two, one
# after the other, for bench/profile.sh; bench/run.sh measures them in turns with measure_gateway_turns)
measure_mcpauth() {
  local label=$1 scenario=$2
  case "$scenario" in
    refresh | flow) measure "$label" "$scenario" "$scenario" --server mcpauth --base "$base" --pid "$watch" ;;
    mcp-demo) measure "$label" mcp-demo mcp --server mcpauth --base "$base" --path /mcp --tool whoami --pid "$watch" ;;
    jwks) measure "$label" jwks get --url "$base/.well-known/jwks.json" --pid "$watch" ;;
    gateway) measure "$label" "$scenario" mcp --server mcpauth --base "$base" --path /up/mcp \
      --tool echo --pid "$watch,$up_pid" ;;
    upstream-direct) measure "$label" "$scenario" mcp --no-auth true --server mcpauth \
      --base "http://127.0.0.1:$up_port" --path /mcp --tool echo --pid "$up_pid" ;;
    *) log "unknown scenario $scenario"; return 1 ;;
  esac
}

# measure_gateway_turns LABEL: the upstream called directly, through the gateway (/up/mcp) and through the gateway
# with `identity: [assertion]` (/signed/mcp), measured by one load generator in one-second turns (Loadgen alternate):
# the host's vCPUs change speed by more than the gateway's cost over tens of seconds (bench/findings.md), and in turns
# all three see the same machine. One results line each (names upstream-direct, gateway, signed); measured once more
# when other processes took more than 10% of the CPU, keeping the quieter try, as measure does.
measure_gateway_turns() {
  local label=$1
  quieter_try "$label" "gateway turns" $((3 * GATEWAY_DURATION)) alternate \
    --targets upstream-direct,gateway,signed --server mcpauth --tool echo \
    --workers "$WORKERS" --warmup "$GATEWAY_WARMUP" --duration "$GATEWAY_DURATION" \
    --upstream-direct.base "http://127.0.0.1:$up_port" --upstream-direct.path /mcp \
    --upstream-direct.no-auth true --upstream-direct.pid "$up_pid" \
    --gateway.base "$base" --gateway.path /up/mcp --gateway.pid "$watch,$up_pid" \
    --signed.base "$base" --signed.path /signed/mcp --signed.pid "$watch,$up_pid"
  local line name
  while read -r line; do
    name=$(sed -n 's/.* target=\([^ ]*\).*/\1/p' <<< "$line")
    echo "server=$label name=${name:-gateway} attempt=$tried_attempt $line" >> "$results"
    log "$label ${name:-gateway}: $line"
  done <<< "$tried_lines"
}

run_mcpauth() { # LABEL ALGORITHM STORAGE [gateway]
  local label=$1 alg=$2 storage=$3 gateway=${4:-}
  wanted "$label" || return 0
  start_mcpauth "$label" "$alg" "$storage" "$gateway"
  measure_mcpauth "$label" refresh
  measure_mcpauth "$label" flow
  if [ -n "$gateway" ] || [ "$label" = mcpauth-redis-es256 ]; then
    measure_mcpauth "$label" mcp-demo
  fi
  if [ -n "$gateway" ]; then
    measure_mcpauth "$label" jwks
    measure_gateway_turns "$label"
  fi
  stop
  stop_helpers
}

run_mcpauth_default() { # the embedded default: no configuration, Argon2id dev user
  local label=mcpauth-default
  wanted "$label" || return 0
  local port
  port=$(free_port 18080)
  MICRONAUT_SERVER_PORT=$port start "$label" "http://127.0.0.1:$port/health" "$JAVA" -jar "$work/mcpauth.jar"
  local password
  password=$(sed -n 's/.*development login: username=dev password=\([^ ]*\).*/\1/p' "$logs/$label.log" | head -1)
  measure "$label" flow flow --server mcpauth --base "http://127.0.0.1:$port" --username dev --password "$password" \
    --pid "$server_pid"
  stop
}

# run_startup_series: the time to the first 200 of mcpauth-mem-es256's configuration, five starts each way:
#  - plain: java -jar, as the README runs it;
#  - cds: with an application class-data archive (AppCDS, JDK 13+) written by one training run
#    (-XX:ArchiveClassesAtExit while a few code flows run), then -XX:SharedArchiveFile;
#  - jdk25-aot: on a JDK 25 (JAVA25, default Temurin's), with its ahead-of-time cache (JEP 483/514/515) written the
#    same way (-XX:AOTCacheOutput), then -XX:AOTCache.
STARTS=${BENCH_STARTS:-5}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
run_startup_series() {
  local label=mcpauth-startup
  wanted "$label" || return 0
  local port
  port=$(free_port 18080)
  mcpauth_config "$work/$label.yml" "$port" ES256 memory
  local config=-Dmicronaut.config.files=$work/$label.yml
  startup_starts "$label-plain" "$port" "$JAVA" "$config"
  # the archive the build records (bootstrap/pom.xml runs scripts/run.sh train), here for the copied jar
  env -i PATH="$PATH" HOME="${HOME:-/tmp}" "$JAVA" -XX:ArchiveClassesAtExit="$work/mcpauth-train.jsa" -Xlog:cds=off \
    -Xlog:cds+dynamic=off -jar "$work/mcpauth.jar" train > "$logs/$label-build-training.log" 2>&1 \
    || log "the training start failed (see $logs/$label-build-training.log)"
  startup_starts "$label-build-cds" "$port" "$JAVA" "-XX:SharedArchiveFile=$work/mcpauth-train.jsa" "$config"
  startup_train "$label-cds-training" "$port" "$JAVA" "-XX:ArchiveClassesAtExit=$work/mcpauth.jsa" "$config"
  startup_starts "$label-cds" "$port" "$JAVA" "-XX:SharedArchiveFile=$work/mcpauth.jsa" "$config"
  if [ -x "$JAVA25" ]; then
    startup_starts "$label-jdk25" "$port" "$JAVA25" "$config"
    startup_train "$label-jdk25-aot-training" "$port" "$JAVA25" "-XX:AOTCacheOutput=$work/mcpauth.aot" "$config"
    startup_starts "$label-jdk25-aot" "$port" "$JAVA25" "-XX:AOTCache=$work/mcpauth.aot" "$config"
  fi
}

startup_starts() { # LABEL PORT JAVA OPTION... : STARTS starts, each recorded as LABEL-N
  local label=$1 port=$2 java=$3 i
  shift 3
  for i in $(seq 1 "$STARTS"); do
    start "$label-$i" "http://127.0.0.1:$port/health" "$java" "$@" -jar "$work/mcpauth.jar"
    stop
  done
}

startup_train() { # LABEL PORT JAVA OPTION... : one start that runs code flows, then exits normally (SIGTERM)
  local label=$1 port=$2 java=$3
  shift 3
  start "$label" "http://127.0.0.1:$port/health" "$java" "$@" -jar "$work/mcpauth.jar"
  loadgen flow --server mcpauth --base "http://127.0.0.1:$port" --workers 1 --warmup 1 --duration 4 \
    >/dev/null 2>>"$logs/loadgen.err" || true
  loadgen get --url "http://127.0.0.1:$port/.well-known/jwks.json" --workers 1 --warmup 0 --duration 1 \
    >/dev/null 2>>"$logs/loadgen.err" || true
  # the archive is written at exit, which takes a few seconds: wait for it rather than kill -9 after 10 s
  kill "$server_pid" 2>/dev/null || true
  local i
  for i in $(seq 1 600); do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
}

run_oidc() { # LABEL ALGORITHM
  local label=$1 alg=$2
  wanted "$label" || return 0
  local port
  port=$(free_port 19100)
  PORT=$port ALG=$alg PASSWORD_HASH=$PASSWORD_HASH \
    start "$label" "http://127.0.0.1:$port/.well-known/openid-configuration" node "$bench/peers/oidc-provider/server.mjs"
  measure "$label" refresh refresh --server oidc --base "http://127.0.0.1:$port" --pid "$server_pid"
  measure "$label" flow flow --server oidc --base "http://127.0.0.1:$port" --pid "$server_pid"
  stop
}

run_spring() { # LABEL ALGORITHM
  local label=$1 alg=$2
  wanted "$label" || return 0
  local port
  port=$(free_port 19200)
  start "$label" "http://127.0.0.1:$port/.well-known/oauth-authorization-server" "$JAVA" -jar \
    "$bench/peers/spring-as/target/spring-as-peer.jar" "--server.port=$port" "--bench.alg=$alg" \
    "--bench.password-hash=$PASSWORD_HASH" "--bench.resource=http://127.0.0.1:$port/mcp"
  measure "$label" refresh refresh --server spring --base "http://127.0.0.1:$port" --pid "$server_pid"
  measure "$label" flow flow --server spring --base "http://127.0.0.1:$port" --pid "$server_pid"
  stop
}

