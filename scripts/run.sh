#!/usr/bin/env bash
# Runs the built server (bootstrap/target/mcpauth.jar) with a class-data archive beside it, which about halves the
# time to the first served request (bench/results.md, "Startup, repeated"). The build records the archive
# (`scripts/run.sh train`, run by bootstrap/pom.xml after the jar is made); without one (another JDK, or a build with
# -Dmcpauth.archive.skip), a start records the classes it loads and writes the archive when the server stops (Ctrl-C
# or SIGTERM), and every later start maps them from it. Arguments go to the server (or name one of its commands).
set -euo pipefail
# the working directory stays the caller's, so relative paths in arguments and MCPAUTH_* settings mean what they say
target=$(cd "$(dirname "$0")/.." && pwd)/bootstrap/target
jar=$target/mcpauth.jar
if [ ! -f "$jar" ]; then
  echo "mcpauth: $jar is missing: build it with mvn -B -q -DskipTests package" >&2
  exit 1
fi
java=${JAVA:-java}
# named after the JDK's location (asking the JDK its version would cost a JVM start); a JDK that does not match
# the archive ignores it and starts as usual
jdk=$(readlink -f "$(command -v "$java")" | cksum | cut -d' ' -f1)
archive=$target/mcpauth-jdk$jdk.jsa
if [ "${1:-}" = train ]; then
  # the build's training start (bootstrap/pom.xml): the built-in defaults on a loopback port, a client's first
  # requests, then the archive is written as the JVM exits; none of the caller's MCPAUTH_*/MICRONAUT_* settings
  rm -f "$target"/mcpauth-*.jsa
  exec env -i PATH="$PATH" HOME="${HOME:-/tmp}" "$java" -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off \
    -Xlog:cds+dynamic=off -jar "$jar" train
fi
if [ $# -gt 0 ] && [[ $1 != -* ]]; then
  exec "$java" -jar "$jar" "$@" # a command (hash-password, rotate-keys): not what the archive should learn from
fi
if [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
  exec "$java" -XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" "$@"
fi
rm -f "$target"/mcpauth-*.jsa
exec "$java" -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" "$@"
