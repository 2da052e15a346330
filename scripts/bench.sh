#!/usr/bin/env bash
# Builds the benchmark jar if needed and runs it: scripts/bench.sh all --json out.json
# (subcommands: load, delays, capacity, all, jmh; --help for each). Measure on a quiet machine:
# the figures are ratios of CPU and wall time that other load distorts.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/java-home.sh"
jar="$root/earshot-bench/target/earshot-bench.jar"
if [ ! -f "$jar" ] || [ -n "${EARSHOT_BENCH_REBUILD:-}" ]; then
  (cd "$root" && ./mvnw -q -B -pl earshot-bench -am package -DskipTests)
fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g -cp "$jar" dev.earshot.bench.Bench "$@"
