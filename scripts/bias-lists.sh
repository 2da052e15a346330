#!/usr/bin/env bash
# Bias lists for `earshot bench eval --bias-lists`, chosen by a rule and never by hand: for each
# recording, the distinct words of its reference transcript that are not among the 5000 most
# probable words of the US English language model (the rare-word rule of LibriSpeech biasing
# benchmarks, Le et al. 2021), and that the pronunciation dictionary has (the engine refuses the
# others; their count goes to stderr).
# Usage: scripts/bias-lists.sh MANIFEST.tsv > LISTS.tsv   (MANIFEST: a header row naming the
# columns id and transcript). Output: id<TAB>word<TAB>word..., one line per recording.
set -euo pipefail
manifest="$1"
model=/usr/share/pocketsphinx/model/en-us
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# sphinx_lm_convert writes the unigrams and then fails an assertion on this model's bigrams:
# the unigram section, all this needs, is complete by then.
sh -c 'sphinx_lm_convert -i "$1" -o "$2" -ofmt arpa > /dev/null 2>&1; true' sh "$model/en-us.lm.bin" "$tmp/lm.arpa" 2> /dev/null
awk '/^\\1-grams:/ {f = 1; next} /^\\2-grams:/ {exit} f && NF >= 2 {print $1 "\t" $2}' "$tmp/lm.arpa" \
  | sort -t$'\t' -k1,1 -g -r | awk -F'\t' 'NR <= 5000 {print $2}' > "$tmp/common"
[ "$(wc -l < "$tmp/common")" -eq 5000 ] || { echo "bias-lists: cannot read the model's unigrams" >&2; exit 1; }
cut -d' ' -f1 "$model/cmudict-en-us.dict" | grep -v '(' > "$tmp/dictionary"
awk -F'\t' -v common="$tmp/common" -v dictionary="$tmp/dictionary" '
  BEGIN {
    while ((getline w < common) > 0) frequent[w] = 1
    while ((getline w < dictionary) > 0) known[w] = 1
  }
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
  {
    # Normalised as the word error rate scorer does: lower case, letters, digits and inner apostrophes.
    text = tolower($(col["transcript"])); gsub(/[^a-z0-9'\'']+/, " ", text)
    n = split(text, words, " "); line = $(col["id"]); delete seen
    for (i = 1; i <= n; i++) {
      w = words[i]; gsub(/^'\''+|'\''+$/, "", w)
      if (w == "" || (w in frequent) || (w in seen)) continue
      seen[w] = 1
      if (w in known) line = line "\t" w; else dropped++
    }
    print line
  }
  END { printf "bias-lists: %d rare words not in the dictionary left out\n", dropped > "/dev/stderr" }
' "$manifest"
