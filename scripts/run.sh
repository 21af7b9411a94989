#!/usr/bin/env bash
# Runs the built server (bootstrap/target/mcpauth.jar) with a class-data archive beside it, which about halves the
# time to the first served request (bench/results.md, "Startup, repeated"). The first start records the classes it
# loads and writes the archive when the server stops (Ctrl-C or SIGTERM); every later start maps them from it. A
# rebuilt jar or another JDK starts a new archive. Arguments go to the server (or name one of its commands).
set -euo pipefail
# the working directory stays the caller's, so relative paths in arguments and MCPAUTH_* settings mean what they say
target=$(cd "$(dirname "$0")/.." && pwd)/bootstrap/target
jar=$target/mcpauth.jar
if [ ! -f "$jar" ]; then
  echo "mcpauth: $jar is missing: build it with mvn -B -q -DskipTests package" >&2
  exit 1
fi
java=${JAVA:-java}
if [ $# -gt 0 ] && [[ $1 != -* ]]; then
  exec "$java" -jar "$jar" "$@" # a command (hash-password, rotate-keys): not what the archive should learn from
fi
# named after the JDK's location (asking the JDK its version would cost a JVM start); a JDK that does not match
# the archive ignores it and starts as usual
jdk=$(readlink -f "$(command -v "$java")" | cksum | cut -d' ' -f1)
archive=$target/mcpauth-jdk$jdk.jsa
if [ -f "$archive" ] && [ "$archive" -nt "$jar" ]; then
  exec "$java" -XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" "$@"
fi
rm -f "$target"/mcpauth-*.jsa
exec "$java" -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off -jar "$jar" "$@"
