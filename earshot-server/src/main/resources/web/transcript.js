// The transcript: the seed's dual-delay merge, and exports as text, SRT and WebVTT.
// Pure functions, no DOM, so that node can test them.

/**
 * A port of Python's difflib.SequenceMatcher(None, a, b) as far as get_matching_blocks():
 * no junk function, and "autojunk" on (Python's default), so that words of a sequence of
 * 200 or more that occur in more than 1% of it + 1 are not used to start a match.
 */
export class SequenceMatcher {
  /** @param {string[]} a @param {string[]} b */
  constructor(a, b) {
    this.a = a;
    this.b = b;
    /** Each element of b to the ascending indices where it occurs, minus popular elements. */
    this.b2j = new Map();
    b.forEach((elt, j) => {
      const indices = this.b2j.get(elt);
      if (indices) indices.push(j); else this.b2j.set(elt, [j]);
    });
    if (b.length >= 200) {
      const ntest = Math.floor(b.length / 100) + 1;
      for (const [elt, indices] of [...this.b2j]) {
        if (indices.length > ntest) this.b2j.delete(elt);
      }
    }
  }

  /** The longest block a[i..i+k) == b[j..j+k) in the ranges, earliest in a then b: [i, j, k]. */
  findLongestMatch(alo, ahi, blo, bhi) {
    const { a, b, b2j } = this;
    let besti = alo, bestj = blo, bestsize = 0;
    let j2len = new Map();
    for (let i = alo; i < ahi; i++) {
      const newj2len = new Map();
      for (const j of b2j.get(a[i]) ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        newj2len.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1; bestj = j - k + 1; bestsize = k;
        }
      }
      j2len = newj2len;
    }
    // Popular elements were left out of b2j; extend over equal ones on both sides, as Python does.
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti--; bestj--; bestsize++;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) {
      bestsize++;
    }
    return [besti, bestj, bestsize];
  }

  /** Non-adjacent matching blocks [i, j, size], ascending, ending with [a.length, b.length, 0]. */
  getMatchingBlocks() {
    const la = this.a.length, lb = this.b.length;
    const queue = [[0, la, 0, lb]];
    const blocks = [];
    while (queue.length) {
      const [alo, ahi, blo, bhi] = queue.pop();
      const [i, j, k] = this.findLongestMatch(alo, ahi, blo, bhi);
      if (k) {
        blocks.push([i, j, k]);
        if (alo < i && blo < j) queue.push([alo, i, blo, j]);
        if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
      }
    }
    blocks.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
    const merged = [];
    let [i1, j1, k1] = [0, 0, 0];
    for (const [i2, j2, k2] of blocks) {
      if (i1 + k1 === i2 && j1 + k1 === j2) {
        k1 += k2;
      } else {
        if (k1) merged.push([i1, j1, k1]);
        [i1, j1, k1] = [i2, j2, k2];
      }
    }
    if (k1) merged.push([i1, j1, k1]);
    merged.push([la, lb, 0]);
    return merged;
  }
}

const PUNCTUATION = new Set('.,!?;:"\'()[]{}');

/** The seed's _normalize_word: strip punctuation at both ends, lower case. */
export function normalizeWord(word) {
  let start = 0, end = word.length;
  while (start < end && PUNCTUATION.has(word[start])) start++;
  while (end > start && PUNCTUATION.has(word[end - 1])) end--;
  return word.slice(start, end).toLowerCase();
}

/** Python's str.split() with no argument. */
function words(text) {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/) : [];
}

/**
 * The seed's _compute_display_texts: the slow stream's text as it stands, and the words of the
 * fast stream that run ahead of the last place where the two streams' words align.
 *
 * @param {string} slowText everything the slow stream said
 * @param {string} fastText everything the fast stream said
 * @returns {[string, string]} [final text, ahead text]; the ahead text starts with a space unless empty
 */
export function computeDisplayTexts(slowText, fastText) {
  const slowWords = words(slowText);
  const fastWords = words(fastText);
  if (!slowWords.length) {
    return ['', ` ${fastText}`.trimEnd()];
  }
  const matcher = new SequenceMatcher(slowWords.map(normalizeWord), fastWords.map(normalizeWord));
  let lastFastIndex = 0;
  let slowProgress = 0;
  for (const [a, b, size] of matcher.getMatchingBlocks()) {
    if (size === 0) continue;
    const slowEnd = a + size;
    if (slowEnd > slowProgress) {
      slowProgress = slowEnd;
      lastFastIndex = b + size;
    }
  }
  const ahead = fastWords.slice(lastFastIndex);
  return [slowText, ahead.length ? ' ' + ahead.join(' ') : ''];
}

/** "HH:MM:SS" + separator + "mmm" for a time in seconds. */
function timestamp(seconds, separator) {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const pad = (n, width) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3600000), 2)}:${pad(Math.floor(ms / 60000) % 60, 2)}:`
    + `${pad(Math.floor(ms / 1000) % 60, 2)}${separator}${pad(ms % 1000, 3)}`;
}

/** Cues with text, in time order; an end before its start becomes the start. */
function usable(cues) {
  return cues.filter((c) => c.text.trim())
    .map((c) => ({ start: c.start, end: Math.max(c.start, c.end), text: c.text.trim() }))
    .sort((x, y) => x.start - y.start);
}

/**
 * SubRip: numbered cues from 1, "HH:MM:SS,mmm --> HH:MM:SS,mmm", the text, a blank line.
 * @param {{start: number, end: number, text: string}[]} cues times in seconds
 */
export function toSrt(cues) {
  return usable(cues).map((c, n) =>
    `${n + 1}\n${timestamp(c.start, ',')} --> ${timestamp(c.end, ',')}\n${c.text}\n\n`).join('');
}

/** WebVTT: the header, then "HH:MM:SS.mmm --> HH:MM:SS.mmm" cues. */
export function toVtt(cues) {
  return 'WEBVTT\n\n' + usable(cues).map((c) =>
    `${timestamp(c.start, '.')} --> ${timestamp(c.end, '.')}\n${c.text}\n\n`).join('');
}
