package dev.earshot.engine.pocketsphinx;

import java.util.List;

/**
 * Which of pocketsphinx's search passes a decoder runs. A decoder runs one kind for life: the
 * passes are fixed when its search is built.
 */
enum SearchPasses {

    /**
     * The forward lexicon-tree search alone, with the speed settings of
     * {@link PocketSphinxModel#STREAMING_ARGUMENTS}: its partial results are what a stream commits.
     */
    TREE(List.of()),

    /**
     * The tree search with the library's default beams ({@code -maxhmmpf 30000 -lpbeam 1e-40}),
     * and at each utterance's end a best-path search of the word lattice the tree search left
     * (the library's {@code -bestpath}, with its own language weight), which rewrites the
     * utterance's words. Only the words a stream has not committed by then gain from it; at long
     * delays that is most words. The forward-flat pass that {@code pocketsphinx_continuous} also
     * runs as shipped is left out: on Earshot's evaluation recordings it made the best-path result
     * worse, for about as much CPU again as the tree search (docs/benchmarks.md, "Longer delays").
     */
    TREE_THEN_BESTPATH(List.of("-fwdflat", "no", "-bestpath", "yes", "-maxhmmpf", "30000", "-lpbeam", "1e-40"));

    /** Decoder arguments, name then value, that replace the model's own for this kind. */
    final List<String> overrides;

    SearchPasses(List<String> overrides) {
        this.overrides = overrides;
    }

    /**
     * The delay from which a stream searches with {@link #TREE_THEN_BESTPATH}. The voice detector
     * ends an utterance after 500 ms of silence ({@code -vad_postspeech} 50 frames) and is read
     * every 128 ms, so at up to about 630 ms after the utterance's last word; a longer delay leaves
     * that many of the utterance's last words to its final result. Below it the best-path pass
     * would cost CPU and change nothing committed.
     */
    static final int BESTPATH_FROM_DELAY_MS = 640;

    static SearchPasses forDelay(int delayMs) {
        return delayMs >= BESTPATH_FROM_DELAY_MS ? TREE_THEN_BESTPATH : TREE;
    }
}
