#!/usr/bin/env bash
# The test counts of every suite that scripts/test.sh runs, and its closing line. Each suite adds
# one line "NAME PASSED FAILED SKIPPED" to the file named by $TEST_TOTALS (set by scripts/test.sh;
# when unset, adding does nothing, so a suite's script also runs alone).
#   test-totals.sh add NAME PASSED FAILED [SKIPPED]  counts known to the caller
#   test-totals.sh junit NAME FILE...                JUnit XML reports (surefire's TEST-*.xml)
#   test-totals.sh tap NAME FILE                     the summary of a TAP stream (node --test)
#   test-totals.sh check NAME CMD [ARG...]           runs CMD: one test, passed when it exits 0
#   test-totals.sh print                             a line per suite, then "N passed, N failed"
#                                                    (", N skipped" when some were); exits 1 when
#                                                    a test failed or no suite reported anything
# A new suite joins by calling one of the first four from scripts/test.sh or from its own script.
set -euo pipefail

record() {
  [ -n "${TEST_TOTALS:-}" ] || return 0
  printf '%s %d %d %d\n' "$1" "$2" "$3" "${4:-0}" >> "$TEST_TOTALS"
}

# Sums tests, failures + errors and skipped over the first <testsuite> element of each file.
junit() {
  local name=$1; shift
  [ $# -gt 0 ] || { record "$name" 0 0; return 0; }
  local counts
  counts=$(awk '
    function attr(line, key) { return match(line, " " key "=\"[0-9]+\"") ? substr(line, RSTART + length(key) + 3, RLENGTH - length(key) - 4) + 0 : 0 }
    FNR == 1 { seen = 0 }
    !seen && /<testsuite[ >]/ { seen = 1; t += attr($0, "tests"); f += attr($0, "failures") + attr($0, "errors"); s += attr($0, "skipped") }
    END { printf "%d %d %d", t - f - s, f, s }' "$@")
  # shellcheck disable=SC2086
  record "$name" $counts
}

# node's TAP reporter ends with "# pass N", "# fail N", "# cancelled N", "# skipped N", "# todo N".
tap() {
  local name=$1 file=$2
  local counts
  counts=$(awk '
    /^# pass [0-9]+$/ { p = $3 } /^# fail [0-9]+$/ { f += $3 } /^# cancelled [0-9]+$/ { f += $3 }
    /^# skipped [0-9]+$/ { s += $3 } /^# todo [0-9]+$/ { s += $3 }
    END { printf "%d %d %d", p, f, s }' "$file")
  # shellcheck disable=SC2086
  record "$name" $counts
}

check() {
  local name=$1; shift
  if "$@"; then record "$name" 1 0; else record "$name" 0 1; return 1; fi
}

print() {
  [ -s "${TEST_TOTALS:-}" ] || { echo "0 passed, 1 failed (no suite reported)"; return 1; }
  awk '
    { printf "  %-24s %d passed, %d failed%s\n", $1, $2, $3, $4 ? ", " $4 " skipped" : ""; p += $2; f += $3; s += $4 }
    END { printf "%d passed, %d failed%s\n", p, f, s ? ", " s " skipped" : ""; exit f > 0 }' "$TEST_TOTALS"
}

command=${1:?usage: test-totals.sh add|junit|tap|check|print ...}
shift
case "$command" in
  add) record "$@" ;;
  junit | tap | check | print) "$command" "$@" ;;
  *) echo "test-totals.sh: unknown command '$command': expected add, junit, tap, check or print" >&2; exit 2 ;;
esac
