#!/usr/bin/env bash
# Runs every test of mcpauth. Installs what the tests need when it is missing (Debian packages for the browser and
# Redis tests, npm packages for the interop clients), so that it works on a fresh machine with Java 17+ and Maven.
# The tests start their own redis-server processes on free ports; nothing needs to be running beforehand.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
[ -x /usr/bin/redis-server ] || command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

for dir in interop/*/; do
  if [ -f "$dir/package-lock.json" ] && ! (cd "$dir" && npm ls --silent >/dev/null 2>&1); then
    echo "installing npm packages in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

exec mvn -B verify "$@"
