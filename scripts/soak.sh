#!/usr/bin/env bash
# Soak: 4 real-time streams (the recordings looped, one session per recording) against
# `earshot serve` in its own process for --minutes (default 30), sampling its /metrics every
# --interval seconds: resident memory, live platform threads, recognizers open, errors sent.
# At the end it checks: RSS within 5% of its value at the reference point (5 minutes in, or a
# third of a shorter run), no errors on either side, recognizers back to 0, threads back to at
# most the reference value plus 4. Not part of CI. Exit 0 when every check passes.
# Usage: scripts/soak.sh [--minutes N] [--interval S] [--port P] [--streams N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/java-home.sh"
minutes=30; interval=30; port=18765; streams=4
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --interval) interval="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --streams) streams="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
"$root/earshot" --version > /dev/null # builds the jar when the sources are newer
cli="$root/earshot-cli/target/earshot.jar"
out="$(mktemp -d /tmp/earshot-soak.XXXXXX)"
seconds=$(( minutes * 60 ))
ref_at=$(( seconds / 3 < 300 ? seconds / 3 : 300 ))
echo "soak: $streams streams for $minutes min, reference point at ${ref_at}s, logs in $out"

"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$cli" serve --port "$port" > "$out/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" > /dev/null && break; sleep 0.2; done

metric() { # $1: metrics text, $2: name -> sum of its samples
  awk -v n="$2" '$1 == n || index($1, n "{") == 1 { s += $NF } END { printf "%.0f", s }' <<< "$1"
}
sample() { # prints: rss_mb threads recognizers errors
  local m; m="$(curl -sf "http://127.0.0.1:$port/metrics")"
  echo "$(( $(metric "$m" earshot_process_resident_memory_bytes) / 1000000 )) $(metric "$m" jvm_threads_live_threads)" \
       "$(metric "$m" earshot_recognizers_open) $(metric "$m" earshot_errors_total)"
}

"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$cli" bench load \
  --server "ws://127.0.0.1:$port" --server-pid "$server" --streams "$streams" --seconds "$seconds" \
  --no-warmup --json "$out/load.json" > "$out/load.log" 2>&1 &
load=$!
start=$(date +%s); ref_rss=""; ref_threads=""
printf '%8s %8s %8s %12s %8s\n' elapsed_s rss_mb threads recognizers errors
while kill -0 "$load" 2>/dev/null; do
  read -r rss threads recognizers errors <<< "$(sample)"
  elapsed=$(( $(date +%s) - start ))
  printf '%8d %8d %8d %12d %8d\n' "$elapsed" "$rss" "$threads" "$recognizers" "$errors"
  if [ -z "$ref_rss" ] && [ "$elapsed" -ge "$ref_at" ]; then ref_rss=$rss; ref_threads=$threads; fi
  sleep "$interval"
done
wait "$load" || true   # its exit status also reflects latency targets; errors are checked below
sleep 3
read -r rss threads recognizers errors <<< "$(sample)"
ref_rss=${ref_rss:-$rss}; ref_threads=${ref_threads:-$threads}
echo "end: rss_mb=$rss (reference $ref_rss) threads=$threads (reference $ref_threads) recognizers=$recognizers server_errors=$errors"
tail -n 4 "$out/load.log" | head -n 2
client_errors=$(grep -o '"errors" : [0-9]*' "$out/load.json" | head -1 | grep -o '[0-9]*$')
closes=$(grep -o '"unexpectedCloses" : [0-9]*' "$out/load.json" | head -1 | grep -o '[0-9]*$')
fail=0
check() { if eval "$2"; then echo "PASS $1"; else echo "FAIL $1"; fail=1; fi; }
check "rss within 5% of the reference" "[ \$(( (rss - ref_rss) * 100 )) -le \$(( ref_rss * 5 )) ] && [ \$(( (ref_rss - rss) * 100 )) -le \$(( ref_rss * 5 )) ]"
check "no errors (server $errors, client $client_errors, unexpected closes $closes)" "[ $errors -eq 0 ] && [ $client_errors -eq 0 ] && [ $closes -eq 0 ]"
check "no leaked decoders (recognizers open $recognizers)" "[ $recognizers -eq 0 ]"
check "no leaked threads ($threads vs $ref_threads)" "[ $threads -le $(( ref_threads + 4 )) ]"
exit $fail
