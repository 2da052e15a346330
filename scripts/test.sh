#!/usr/bin/env bash
# The test command: installs what the tests need, then runs every suite: the Maven build's unit
# and end-to-end tests, the dual-delay view in a real terminal (tmux), the browser page in
# headless Chromium and Mistral's official TypeScript SDK against a real server. A failing
# suite does not stop the others. Ends with one line of totals over all suites, "N passed,
# N failed" (see scripts/test-totals.sh, which a new suite joins), and exits 1 if any test
# failed. Arguments go to Maven.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
. "$root/scripts/java-home.sh"
export JAVA_HOME
cd "$root"
TEST_TOTALS="$(mktemp)"
export TEST_TOTALS
logs="$(mktemp -d)"
trap 'rm -rf "$TEST_TOTALS" "$logs"' EXIT
totals=scripts/test-totals.sh

# Runs one suite. One that fails with no failed test among its counts (a compilation error, a
# crash before the tests) counts as one failed test, so the totals never hide it.
suite() {
  local name=$1 status=0
  shift
  "$@" || status=$?
  if [ "$status" -ne 0 ] && ! awk -v n="$name" '$1 == n && $3 > 0 { f = 1 } END { exit !f }' "$TEST_TOTALS"; then
    $totals add "$name" 0 1
  fi
}

maven() {
  local status=0
  # -T 2: modules that do not depend on each other build and test at once.
  ./mvnw -B -T 2 verify "$@" || status=$?
  shopt -s nullglob
  $totals junit maven ./*/target/surefire-reports/TEST-*.xml ./*/target/failsafe-reports/TEST-*.xml
  shopt -u nullglob
  return "$status"
}

# The terminal and browser suites wait mostly on audio played in real time, so they run beside
# Maven's tests rather than after them: on a copy of the CLI jar, built first, since Maven packages
# the tree again while they run. If the build fails, they fail with it and Maven reports why.
./mvnw -B -q -T 2 package -DskipTests || true
export EARSHOT_JAR="$logs/earshot.jar"
cp earshot-cli/target/earshot.jar "$EARSHOT_JAR" 2>/dev/null || true
# An earlier run's reports would be counted again, and would start the browser suite too early.
# failsafe: the *IT tests (ClusterIT).
rm -rf ./*/target/surefire-reports ./*/target/failsafe-reports
# Their JVMs run as those the Maven tests start (the pom's earshot.child.jvm.args says why).
child_jvm="$(awk -F'[<>]' '$2 == "earshot.child.jvm.args" { print $3; exit }' pom.xml)"
EARSHOT_JAVA_OPTIONS="$child_jvm" suite dual-view $totals check dual-view scripts/check-dual-view.sh \
  > "$logs/dual-view" 2>&1 &
dual=$!
suite maven maven "$@" &
maven_job=$!
# The browser suite starts once Maven's tests reach earshot-server: before that the engines' tests
# keep both cores busy, and after it tests that wait on paced audio leave one mostly idle
# (docs/benchmarks.md, "The test command's schedule").
(
  while [ ! -d earshot-server/target/surefire-reports ] && kill -0 "$maven_job" 2>/dev/null; do sleep 2; done
  EARSHOT_JAVA_OPTIONS="$child_jvm" suite web scripts/test-web.sh > "$logs/web" 2>&1
) &
web=$!
wait "$maven_job" "$dual" "$web" || true
cat "$logs/dual-view" "$logs/web"

echo
echo "scripts/test.sh: ${SECONDS} s in all, the packages' check and the build included"
$totals print
