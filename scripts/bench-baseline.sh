#!/usr/bin/env bash
# Debian's pocketsphinx_continuous on the same recordings as `earshot eval`, for comparison:
#  - hypotheses per recording (one process per file), scored by `earshot wer`, with the library's
#    default passes and with the streaming settings Earshot uses (-fwdflat no -bestpath no);
#  - CPU seconds per audio second of decoding alone: all recordings concatenated and decoded in one
#    process, less the CPU of a process that decodes 0.1 s (model loading).
# Usage: scripts/bench-baseline.sh OUT_DIR SET...   (SET: a sphinx test folder or a manifest .tsv)
set -euo pipefail
out="$1"; shift
mkdir -p "$out"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
list="$out/files.tsv"; : > "$list"
for set in "$@"; do
  if [ -d "$set" ]; then
    sed -n 's/.*(\(.*\))$/\1/p' "$set/transcription" | while read -r id; do printf '%s\t%s\n' "$id" "$set/$id.wav"; done >> "$list"
  else
    dir="$(dirname "$set")"
    tail -n +2 "$set" | awk -F'\t' -v d="$dir" 'NF>=2 {print $1 "\t" d "/" $2}' >> "$list"
  fi
done
decode() { # $1: wav, rest: extra args -> one line of text
  local wav="$1"; shift
  pocketsphinx_continuous -infile "$wav" -logfn /dev/null "$@" 2>/dev/null | tr '\n' ' ' | sed 's/  */ /g; s/^ //; s/ $//'
}
for mode in default streaming; do
  args=(); [ "$mode" = streaming ] && args=(-fwdflat no -bestpath no)
  while IFS=$'\t' read -r id wav; do printf '%s\t%s\n' "$id" "$(decode "$wav" "${args[@]}")"; done < "$list" > "$out/continuous-$mode.tsv"
done
sox $(cut -f2 "$list") -r 16000 -c 1 -b 16 "$out/all.wav"
sox -n -r 16000 -c 1 -b 16 "$out/short.wav" trim 0 0.1
cpu() { # CPU seconds (user+sys) of decoding $1 with the streaming settings
  local t0 t1
  t0=$(awk '{print $14+$15+$16+$17}' /proc/$$/stat)
  decode "$1" -fwdflat no -bestpath no > /dev/null
  t1=$(awk '{print $14+$15+$16+$17}' /proc/$$/stat)
  echo $(( t1 - t0 ))
}
ticks=$(getconf CLK_TCK)
full=$(cpu "$out/all.wav"); base=$(cpu "$out/short.wav")
seconds=$(soxi -D "$out/all.wav")
awk -v f="$full" -v b="$base" -v s="$seconds" -v t="$ticks" \
  'BEGIN { printf "pocketsphinx_continuous: %.1f s audio, decode cpu %.2f s (load %.2f s), cpu_s/audio_s=%.4f\n", s, (f-b)/t, b/t, (f-b)/t/s }'
