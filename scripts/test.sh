#!/usr/bin/env bash
# The test command: installs what the tests need, then runs the whole suite: the Maven build's
# unit and end-to-end tests, the dual-delay view in a real terminal (tmux), and the browser page
# in headless Chromium.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
. "$root/scripts/java-home.sh"
export JAVA_HOME
cd "$root"
./mvnw -B verify "$@"
scripts/check-dual-view.sh
scripts/test-web.sh
