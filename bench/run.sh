#!/usr/bin/env bash
# mcpauth benchmarks: builds what they need, starts one server at a time on loopback, drives it with bench/loadgen,
# stops it, and writes bench/results.md.  Usage: bash bench/run.sh
#
# Environment (all optional):
#   BENCH_WARMUP / BENCH_DURATION          refresh grants: warm-up and measured seconds (default 15 / 20)
#   BENCH_FLOW_WARMUP / BENCH_FLOW_DURATION  code flows, MCP and baselines (default 10 / 15)
#   BENCH_GATEWAY_WARMUP / BENCH_GATEWAY_DURATION  gateway against direct upstream, in turns: warm-up seconds in all,
#                                          measured seconds per target (default 90 / 60)
#   BENCH_WORKERS                          concurrent workers of the load generator (default 4)
#   BENCH_SKIP_BUILD=1                     use the jars already built
#   MCPAUTH_JAR=path                       benchmark this mcpauth jar instead of building bootstrap/target/mcpauth.jar
#   BENCH_ONLY="mcpauth-mem-es256 oidc-es256 ..."   run only these servers (see the list at the bottom)
#   BENCH_STARTS                           starts per way in the startup series (default 5)
#   JAVA25                                 a JDK 25 java for the startup series (default Temurin's)
#   BENCH_RETRY_BUDGET                     seconds into the run after which no measurement is repeated (default 600)
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$bench/lib.sh"
rm -rf "$logs"
mkdir -p "$logs"
: > "$results"

# ---------------------------------------------------------------- the run

build
{
  echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null)$(cd "$root" && [ -n "$(git status --porcelain -- . ':!bench' 2>/dev/null)" ] && echo ' (work tree has uncommitted changes)')"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x $(nproc)"
  echo "memory=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel=$(uname -sr)"
  echo "java=$("$JAVA" -version 2>&1 | head -2 | tail -1)"
  echo "node=$(node --version)"
  echo "redis=$(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/')"
  echo "oidc_provider=$(sed -n 's/.*"version": "\(.*\)".*/\1/p' "$bench/peers/oidc-provider/node_modules/oidc-provider/package.json" | head -1)"
  echo "spring_as=$(unzip -l "$bench/peers/spring-as/target/spring-as-peer.jar" | sed -n 's/.*spring-security-oauth2-authorization-server-\([0-9.]*\)\.jar/\1/p' | head -1)"
  echo "spring_boot=$(unzip -l "$bench/peers/spring-as/target/spring-as-peer.jar" | sed -n 's/.*spring-boot-\([0-9.]*\)\.jar/\1/p' | head -1)"
  echo "workers=$WORKERS warmup=$WARMUP duration=$DURATION flow_warmup=$FLOW_WARMUP flow_duration=$FLOW_DURATION gateway_warmup=$GATEWAY_WARMUP gateway_duration=$GATEWAY_DURATION"
} > "$work/meta.txt"

run_mcpauth mcpauth-mem-es256 ES256 memory gateway
run_mcpauth mcpauth-mem-rs256 RS256 memory
run_mcpauth mcpauth-redis-es256 ES256 redis
run_mcpauth mcpauth-redis-rs256 RS256 redis
run_mcpauth_default
run_startup_series
run_oidc oidc-es256 ES256
run_oidc oidc-rs256 RS256
run_spring spring-es256 ES256
run_spring spring-rs256 RS256

echo "elapsed_s=$(( $(date +%s) - started ))" >> "$work/meta.txt"
"$JAVA" -cp "$loadgen_classes" Report "$work/meta.txt" "$results" "$bench/findings.md" > "$bench/results.md"
log "done in $(( $(date +%s) - started )) s: bench/results.md (raw lines: bench/.work/results.txt, logs: bench/.work/logs)"
