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
     * The search of {@code pocketsphinx_continuous} as shipped: the tree search with the library's
     * default beams ({@code -maxhmmpf 30000 -lpbeam 1e-40}), and at each utterance's end a
     * forward-flat search over the words it found and a best-path search of the resulting lattice,
     * which rewrite the utterance's words. Only the words a stream has not committed by then gain
     * from them; at long delays that is most words, so the stream's text approaches the library's
     * own, for about twice the CPU of {@link #TREE}.
     */
    TREE_THEN_RESCORE(List.of("-fwdflat", "yes", "-bestpath", "yes", "-maxhmmpf", "30000", "-lpbeam", "1e-40"));

    /** Decoder arguments, name then value, that replace the model's own for this kind. */
    final List<String> overrides;

    SearchPasses(List<String> overrides) {
        this.overrides = overrides;
    }

    /**
     * The delay from which a stream searches with {@link #TREE_THEN_RESCORE}. The voice detector
     * ends an utterance after 500 ms of silence ({@code -vad_postspeech} 50 frames) and is read
     * every 128 ms, so at up to about 630 ms after the utterance's last word; a longer delay leaves
     * that many of the utterance's last words to its final result. Below it the second passes would
     * cost CPU and change nothing committed.
     */
    static final int RESCORE_FROM_DELAY_MS = 640;

    static SearchPasses forDelay(int delayMs) {
        return delayMs >= RESCORE_FROM_DELAY_MS ? TREE_THEN_RESCORE : TREE;
    }
}
