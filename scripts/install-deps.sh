#!/usr/bin/env bash
# Installs the Debian packages Earshot needs, when missing: the PocketSphinx library and its
# US English model (runtime), its test recordings and pocketsphinx_continuous (tests and
# benchmarks), tmux and sox (terminal and audio checks), and ffmpeg (decodes mp3, m4a, ogg, webm,
# flac and unusual WAV files for `earshot transcribe` and the batch endpoint). Needs root or sudo on Debian.
set -euo pipefail

packages=(libpocketsphinx3 pocketsphinx-en-us pocketsphinx-testdata pocketsphinx tmux sox ffmpeg)
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
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
