#!/usr/bin/env bash
# The streaming core against Debian's pocketsphinx_continuous on the same recordings, in one run:
#  - WER of pocketsphinx_continuous (one process per file) with the library's default passes, with
#    the search settings Earshot uses below 640 ms, and with the search it uses from 640 ms (tree and
#    best-path passes, default beams), scored by `earshot bench wer`;
#  - WER of Earshot's streaming core at each delay (`earshot bench eval`);
#  - CPU seconds per audio second of decoding alone, for both, at 480 and 2400 ms: all recordings
#    concatenated and decoded in one process, less the CPU of a process that decodes 0.1 s
#    (start-up, model load).
# Usage: scripts/bench-core.sh OUT_DIR SET...   (SET: a sphinx test folder or a manifest .tsv)
set -euo pipefail
out="$1"; shift
mkdir -p "$out"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
list="$out/files.tsv"; : > "$list"
manifest="$out/manifest.tsv"; printf 'id\tfile\ttranscript\n' > "$manifest"
for set in "$@"; do
  if [ -d "$set" ]; then
    set="$(cd "$set" && pwd)"
    transcription="$set/transcription"
    [ -f "$transcription" ] || transcription="$(ls "$set"/*.transcription)"
    sed -E -n 's/^ *<s> *(.*[^ ]) *<\/s> *\((.*)\) *$/\2\t\1/p' "$transcription" | while IFS=$'\t' read -r id text; do
      printf '%s\t%s\n' "$id" "$set/$id.wav" >> "$list"
      printf '%s\t%s\t%s\n' "$id" "$set/$id.wav" "$text" >> "$manifest"
    done
  else
    dir="$(cd "$(dirname "$set")" && pwd)"
    tail -n +2 "$set" | awk -F'\t' -v d="$dir" 'NF>=2 {print $1 "\t" d "/" $2}' >> "$list"
    tail -n +2 "$set" | awk -F'\t' -v d="$dir" 'NF>=5 {print $1 "\t" d "/" $2 "\t" $5}' >> "$manifest"
  fi
done
"$root/earshot" --version > /dev/null # build first, outside the measurement
# pocketsphinx_continuous (one process per file), by the bench's baseline: one implementation of it.
continuous() { "$root/earshot" bench continuous "$@"; }
continuous --search library "$@" > "$out/continuous-default.tsv"
continuous --search earshot "$@" > "$out/continuous-streaming.tsv"
continuous --search bestpath "$@" > "$out/continuous-bestpath.tsv"
sox $(cut -f2 "$list") -r 16000 -c 1 -b 16 "$out/all.wav"
sox -n -r 16000 -c 1 -b 16 "$out/short.wav" trim 0 0.1
cpu() { # CPU seconds (user+sys) of running "$@" with its output discarded
  local TIMEFORMAT='%U %S'
  { time "$@" > /dev/null 2>&1; } 2>&1 | awk '{print $1 + $2}'
}
seconds=$(soxi -D "$out/all.wav")
report() { # name full base
  awk -v n="$1" -v f="$2" -v b="$3" -v s="$seconds" \
    'BEGIN { printf "%-26s audio %.1f s, decode cpu %.2f s (start-up %.2f s), cpu_s/audio_s=%.4f\n", n, s, f-b, b, (f-b)/s }'
}
# Each delay's search against the same search in the library: below 640 ms Earshot's own settings,
# from 640 ms the library's tree and best-path passes with its default beams (SearchPasses in the
# engine says why).
compare() { # delay, search of pocketsphinx_continuous (earshot, library or bestpath)
  local delay="$1" search="$2"
  local ps_full ps_base es_full es_base
  ps_full=$(continuous --cpu --search "$search" "$out/all.wav" | cut -f2)
  ps_base=$(continuous --cpu --search "$search" "$out/short.wav" | cut -f2)
  es_full=$(cpu "$root/earshot" transcribe --delay "$delay" "$out/all.wav")
  es_base=$(cpu "$root/earshot" transcribe --delay "$delay" "$out/short.wav")
  echo "== CPU at $delay ms (one process each, the same concatenated audio; continuous --search $search)"
  report pocketsphinx_continuous "$ps_full" "$ps_base"
  report "earshot transcribe" "$es_full" "$es_base"
  awk -v a="$ps_full" -v b="$ps_base" -v c="$es_full" -v d="$es_base" \
    'BEGIN { printf "ratio earshot/continuous: %.3f\n", (c-d)/(a-b) }'
}
compare 480 earshot
compare 2400 bestpath
echo "== WER, pocketsphinx_continuous"
for mode in default streaming bestpath; do
  printf '%-10s ' "$mode"; "$root/earshot" bench wer "$out/manifest.tsv" "$out/continuous-$mode.tsv" | tail -n 1
done
echo "== WER and CPU, earshot streaming core"
"$root/earshot" bench eval "$out/manifest.tsv" --delays 0,240,480,960,2400,5000,10000 --hypotheses "$out/earshot"
