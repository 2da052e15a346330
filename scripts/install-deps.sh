#!/usr/bin/env bash
# Installs the Debian packages Earshot needs, when missing: the PocketSphinx library and its
# US English model (runtime), libgomp1 (OpenMP, which the ggml library bundled for whisper.cpp
# links against; runtime), ffmpeg (decodes mp3, m4a, ogg, webm, flac and unusual WAV files for
# `earshot transcribe` and the batch endpoint; runtime), its test recordings and
# pocketsphinx_continuous (tests and benchmarks), sphinx_lm_convert (scripts/bias-lists.sh reads
# the model's word frequencies), tmux and sox (terminal and audio checks), Chromium (the web
# page's test) and HAProxy (the balancer of deploy/, and its test with several nodes).
# Without recommended packages: Chromium alone would pull in ~600 lines of them (avahi, cups,
# udev...), none of which a headless test uses. Quiet unless apt fails, then apt's output is
# shown. Needs root or sudo on Debian.
set -euo pipefail

packages=(libpocketsphinx3 libgomp1 ffmpeg pocketsphinx-en-us pocketsphinx-testdata pocketsphinx sphinxbase-utils tmux sox chromium haproxy)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}" >&2
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
    --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-deps: apt-get failed (its output is above)" >&2
  exit 1
fi
