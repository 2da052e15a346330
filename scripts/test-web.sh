#!/usr/bin/env bash
# The browser test of the live-captions page and the official TypeScript SDK's test: installs
# Debian's Chromium when missing, the tests' npm packages (playwright-core, which never
# downloads a browser, and @mistralai/mistralai), builds the CLI jar, then runs web-test/ with
# node's test runner. The tests start and stop their own
# `earshot serve` processes; this script runs them in a process group of their own and ends
# that group on exit, so no server outlives a failure or an interrupt.
# Artifacts (screenshots, server logs, the fake microphone's WAV): web-test/artifacts/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/java-home.sh"
export JAVA_HOME

if ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium >&2
fi
export CHROMIUM="${CHROMIUM:-$(command -v chromium)}"

(cd "$root/web-test" && npm ci --no-audit --no-fund --loglevel=error)
(cd "$root" && ./mvnw -q -B package -DskipTests)
export EARSHOT_JAR="$root/earshot-cli/target/earshot.jar"

rm -rf "$root/web-test/artifacts"
mkdir -p "$root/web-test/artifacts"
cd "$root/web-test"
# setsid: node, Chromium and the servers form one process group that the trap can end.
setsid node --test --test-concurrency=1 test/ &
group=$!
trap 'kill -TERM -- "-$group" 2>/dev/null || true' EXIT INT TERM
status=0
wait "$group" || status=$?
trap - EXIT
# Anything the tests left running (they stop their servers in after()) goes now.
kill -KILL -- "-$group" 2>/dev/null || true
exit "$status"
