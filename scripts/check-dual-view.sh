#!/usr/bin/env bash
# Checks `earshot dual --file` in a real terminal: runs it inside tmux, captures the pane with
# its colours while the file plays, and asserts that the header (model, both delays, statuses)
# and transcript words are drawn, that the command exits 0 once both sessions are done, and that
# it leaves the final transcript on stdout. Prints the screen it captured.
#   scripts/check-dual-view.sh [FILE.wav] [extra dual flags...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
wav="${1:-/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav}"
shift || true
command -v tmux >/dev/null || { echo "check-dual-view: tmux is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }

# Build before the clock starts, so the pane shows the view and not Maven.
"$root/earshot" --version >/dev/null

socket="earshot-check-$$"            # a private tmux server: never touch anyone else's sessions
out="$(mktemp -d)"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$out"' EXIT
tmux -L "$socket" new-session -d -s dual -x 100 -y 24 \
  "cd '$root' && ./earshot dual --file '$wav' $* > '$out/stdout'; echo \$? > '$out/rc'; sleep 60"

fail() { echo "check-dual-view: FAIL: $*" >&2; echo "--- last screen:" >&2; cat "$out/screen.txt" >&2 2>/dev/null || true; exit 1; }

# Poll the screen while it plays: keep the last capture that shows both header and words.
seen_header=0; seen_words=0; seen_highlight=0
for _ in $(seq 1 120); do
  [ -f "$out/rc" ] && break
  tmux -L "$socket" capture-pane -p -e -t dual > "$out/screen.ansi" 2>/dev/null || true
  sed 's/\x1b\[[0-9;]*m//g' "$out/screen.ansi" > "$out/screen.now"
  if grep -q 'voxtral-mini-transcribe-realtime-2602' "$out/screen.now" \
      && grep -q 'fast 240ms' "$out/screen.now" && grep -q 'slow 2400ms' "$out/screen.now"; then
    seen_header=1
    if grep -Eqi '\b(john|mister|mr|consider|power)\b' "$out/screen.now"; then
      seen_words=1; cp "$out/screen.now" "$out/screen.txt"; cp "$out/screen.ansi" "$out/screen.with-escapes"
    fi
    # The fast text that runs ahead of the slow one is drawn in bright yellow (SGR 93).
    if grep -q $'\x1b\[93m[a-z]' "$out/screen.ansi"; then seen_highlight=1; fi
  fi
  sleep 0.25
done
[ -f "$out/screen.txt" ] || cp "$out/screen.now" "$out/screen.txt"
for _ in $(seq 1 120); do [ -f "$out/rc" ] && break; sleep 0.5; done

[ "$seen_header" = 1 ] || fail "no header with the model and both delays"
[ "$seen_words" = 1 ] || fail "no transcript words on screen"
[ -f "$out/rc" ] || fail "dual did not exit after the file was played"
tmux -L "$socket" capture-pane -p -t dual > "$out/after-exit.txt" 2>/dev/null || true
[ "$(cat "$out/rc")" = 0 ] || fail "dual exited with $(cat "$out/rc"): $(grep -m1 'earshot dual' "$out/after-exit.txt")"
grep -Eqi 'john' "$out/stdout" || fail "no final transcript on stdout: $(cat "$out/stdout")"

echo "--- screen while playing (tmux capture-pane, colours stripped):"
sed -e 's/[[:space:]]*$//' "$out/screen.txt" | sed -e '/^$/d'
echo "--- final transcript on stdout: $(cat "$out/stdout")"
echo "--- fast text highlighted ahead of slow text seen: $([ $seen_highlight = 1 ] && echo yes || echo no)"
echo "check-dual-view: OK"
