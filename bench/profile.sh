#!/usr/bin/env bash
# Profiles mcpauth under one benchmark scenario with JDK Flight Recorder and prints where its CPU time goes.
# Usage: bash bench/profile.sh [refresh|flow|mcp-demo|gateway] [ES256|RS256] [memory|redis]
# The recording covers the measured window (after the warm-up) and stays in bench/.work/profile-*.jfr; the summary
# charges library frames (BouncyCastle, Nimbus, Netty, Lettuce) to the innermost mcpauth method that called them.
# BENCH_SKIP_BUILD=1 profiles the jar already built; the other BENCH_* settings of run.sh apply.
set -euo pipefail
bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$bench/lib.sh"
trap cleanup EXIT
trap 'exit 130' INT TERM

scenario=${1:-refresh}
alg=${2:-ES256}
storage=${3:-memory}
label=profile-$scenario-$(tr '[:upper:]' '[:lower:]' <<< "$alg")-$storage
recording=$work/$label.jfr
results=$work/$label.txt
: > "$results"

build
gateway=
if [ "$scenario" = gateway ]; then
  gateway=gateway
fi
start_mcpauth "$label" "$alg" "$storage" "$gateway"
warmup=$FLOW_WARMUP
duration=$FLOW_DURATION
if [ "$scenario" = refresh ]; then
  warmup=$WARMUP
  duration=$DURATION
fi
rm -f "$recording"
# the load generator needs a second or two for its setup flows before the warm-up starts
jcmd "$server_pid" JFR.start name=bench settings=profile "delay=$((warmup + 2))s" "duration=$((duration - 3))s" \
  "filename=$recording" > /dev/null
RETRY_BUDGET=0 measure_mcpauth "$label" "$scenario"
for _ in $(seq 1 50); do
  [ -s "$recording" ] && jfr summary "$recording" > /dev/null 2>&1 && break
  sleep 0.2
done
stop
stop_helpers
cat "$results"
python3 "$bench/profile/frames.py" "$recording" 25
