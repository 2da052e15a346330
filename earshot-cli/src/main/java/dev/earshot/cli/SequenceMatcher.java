package dev.earshot.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python's {@code difflib.SequenceMatcher(None, a, b).get_matching_blocks()} over lists of
 * strings, ported line by line (CPython {@code Lib/difflib.py}) so that the dual view aligns
 * words exactly as the seed does, including the "autojunk" heuristic: when {@code b} has 200
 * elements or more, an element occurring in more than 1% of it (plus one) is "popular" and
 * never starts a match, though it may extend one.
 */
final class SequenceMatcher {

    /** A run of {@code size} equal elements: {@code a[a..a+size) == b[b..b+size)}. */
    record Match(int a, int b, int size) { }

    /** difflib's threshold for autojunk. */
    private static final int AUTOJUNK_MIN_LENGTH = 200;

    private final List<String> a;
    private final List<String> b;
    /** For each element of b not popular, the indices where it occurs, ascending. */
    private final Map<String, List<Integer>> b2j = new HashMap<>();

    SequenceMatcher(List<String> a, List<String> b) {
        this.a = List.copyOf(a);
        this.b = List.copyOf(b);
        for (int i = 0; i < this.b.size(); i++) {
            b2j.computeIfAbsent(this.b.get(i), k -> new ArrayList<>()).add(i);
        }
        int n = this.b.size();
        if (n >= AUTOJUNK_MIN_LENGTH) {
            int ntest = n / 100 + 1;
            Set<String> popular = new HashSet<>();
            b2j.forEach((element, indices) -> {
                if (indices.size() > ntest) {
                    popular.add(element);
                }
            });
            popular.forEach(b2j::remove);
        }
    }

    /** The longest matching block in {@code a[alo..ahi)} and {@code b[blo..bhi)}, earliest in a, then b. */
    Match findLongestMatch(int alo, int ahi, int blo, int bhi) {
        int besti = alo;
        int bestj = blo;
        int bestsize = 0;
        Map<Integer, Integer> j2len = new HashMap<>();
        for (int i = alo; i < ahi; i++) {
            Map<Integer, Integer> newj2len = new HashMap<>();
            for (int j : b2j.getOrDefault(a.get(i), List.of())) {
                if (j < blo) {
                    continue;
                }
                if (j >= bhi) {
                    break;
                }
                int k = j2len.getOrDefault(j - 1, 0) + 1;
                newj2len.put(j, k);
                if (k > bestsize) {
                    besti = i - k + 1;
                    bestj = j - k + 1;
                    bestsize = k;
                }
            }
            j2len = newj2len;
        }
        // No element is junk (isjunk is None), so popular elements may extend the match either side.
        while (besti > alo && bestj > blo && a.get(besti - 1).equals(b.get(bestj - 1))) {
            besti--;
            bestj--;
            bestsize++;
        }
        while (besti + bestsize < ahi && bestj + bestsize < bhi
                && a.get(besti + bestsize).equals(b.get(bestj + bestsize))) {
            bestsize++;
        }
        return new Match(besti, bestj, bestsize);
    }

    /** The matching blocks in order, adjacent ones merged, ending with the sentinel {@code (len a, len b, 0)}. */
    List<Match> matchingBlocks() {
        Deque<int[]> queue = new ArrayDeque<>();
        queue.push(new int[] {0, a.size(), 0, b.size()});
        List<Match> blocks = new ArrayList<>();
        while (!queue.isEmpty()) {
            int[] q = queue.pop();
            Match m = findLongestMatch(q[0], q[1], q[2], q[3]);
            if (m.size() > 0) {
                blocks.add(m);
                if (q[0] < m.a() && q[2] < m.b()) {
                    queue.push(new int[] {q[0], m.a(), q[2], m.b()});
                }
                if (m.a() + m.size() < q[1] && m.b() + m.size() < q[3]) {
                    queue.push(new int[] {m.a() + m.size(), q[1], m.b() + m.size(), q[3]});
                }
            }
        }
        blocks.sort(Comparator.comparingInt(Match::a).thenComparingInt(Match::b).thenComparingInt(Match::size));
        List<Match> merged = new ArrayList<>();
        int i1 = 0;
        int j1 = 0;
        int k1 = 0;
        for (Match m : blocks) {
            if (i1 + k1 == m.a() && j1 + k1 == m.b()) {
                k1 += m.size();
            } else {
                if (k1 > 0) {
                    merged.add(new Match(i1, j1, k1));
                }
                i1 = m.a();
                j1 = m.b();
                k1 = m.size();
            }
        }
        if (k1 > 0) {
            merged.add(new Match(i1, j1, k1));
        }
        merged.add(new Match(a.size(), b.size(), 0));
        return merged;
    }
}
