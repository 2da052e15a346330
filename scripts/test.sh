#!/usr/bin/env bash
# The test command: installs what the tests need, then runs the whole suite: the Maven build's
# unit and end-to-end tests, the dual-delay view in a real terminal (tmux), the browser page
# in headless Chromium, and Mistral's official TypeScript SDK against a real server.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
. "$root/scripts/java-home.sh"
export JAVA_HOME
cd "$root"
./mvnw -B verify "$@"
scripts/check-dual-view.sh
scripts/test-web.sh
