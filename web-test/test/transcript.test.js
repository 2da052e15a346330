// The JavaScript port of the seed's dual-delay merge against Python's own answers, and the
// subtitle formats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { SequenceMatcher, computeDisplayTexts, normalizeWord, toSrt, toVtt }
  from '../../earshot-server/src/main/resources/web/transcript.js';

const cases = JSON.parse(readFileSync(new URL('fixtures/display-cases.json', import.meta.url), 'utf8'));

test('matching blocks equal difflib.SequenceMatcher(None, a, b).get_matching_blocks()', () => {
  for (const c of cases) {
    const a = c.slow.split(/\s+/).filter(Boolean).map(normalizeWord);
    const b = c.fast.split(/\s+/).filter(Boolean).map(normalizeWord);
    assert.deepEqual(new SequenceMatcher(a, b).getMatchingBlocks(), c.blocks, `slow=${c.slow} fast=${c.fast}`);
  }
});

test('display texts equal the seed\'s _compute_display_texts', () => {
  for (const c of cases) {
    assert.deepEqual(computeDisplayTexts(c.slow, c.fast), c.display, `slow=${c.slow} fast=${c.fast}`);
  }
});

test('normalizeWord strips the seed\'s punctuation at both ends only', () => {
  assert.equal(normalizeWord('"(Hello),'), 'hello');
  assert.equal(normalizeWord("don't"), "don't");
  assert.equal(normalizeWord('...'), '');
});

test('SRT: numbered cues, comma milliseconds, blank line after each, empty cues dropped', () => {
  const srt = toSrt([
    { text: 'second', start: 3661.5, end: 3662.25 },
    { text: ' first ', start: 0.21, end: 7.009 },
    { text: '  ', start: 8, end: 9 },
  ]);
  assert.equal(srt, '1\n00:00:00,210 --> 00:00:07,009\nfirst\n\n2\n01:01:01,500 --> 01:01:02,250\nsecond\n\n');
});

test('VTT: header, dot milliseconds', () => {
  assert.equal(toVtt([{ text: 'hi', start: 1, end: 0.5 }]), 'WEBVTT\n\n00:00:01.000 --> 00:00:01.000\nhi\n\n');
});
