#!/usr/bin/env bash
# The browser test of the live-captions page and the official TypeScript SDK's test: installs
# Debian's Chromium when missing, the tests' npm packages (playwright-core, which never
# downloads a browser, and @mistralai/mistralai), builds the CLI jar when stale, then runs
# web-test/ with node's test runner. The tests start and stop their own `earshot serve`
# processes; this script runs them in a process group of their own and ends
# that group on exit, so no server outlives a failure or an interrupt.
# Artifacts (screenshots, server logs, the fake microphone's WAV, results.tap): web-test/artifacts/.
# Its counts join scripts/test.sh's totals (scripts/test-totals.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/java-home.sh"
export JAVA_HOME

"$root/scripts/install-deps.sh"  # Chromium among them
export CHROMIUM="${CHROMIUM:-$(command -v chromium)}"

(cd "$root/web-test" && npm ci --no-audit --no-fund --loglevel=error)
"$root/earshot" --version >/dev/null  # builds the jar only when the sources are newer (no EARSHOT_JAR given)
export EARSHOT_JAR="${EARSHOT_JAR:-$root/earshot-cli/target/earshot.jar}"

rm -rf "$root/web-test/artifacts"
mkdir -p "$root/web-test/artifacts"
cd "$root/web-test"
# setsid: node, Chromium and the servers form one process group that the trap can end.
setsid node --test --test-concurrency=2 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=artifacts/results.tap test/ &
group=$!
trap 'kill -TERM -- "-$group" 2>/dev/null || true' EXIT INT TERM
status=0
wait "$group" || status=$?
trap - EXIT
# Anything the tests left running (they stop their servers in after()) goes now.
kill -KILL -- "-$group" 2>/dev/null || true
"$root/scripts/test-totals.sh" tap web artifacts/results.tap
exit "$status"
