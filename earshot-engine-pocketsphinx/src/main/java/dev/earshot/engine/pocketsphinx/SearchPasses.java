package dev.earshot.engine.pocketsphinx;

/**
 * Which of pocketsphinx's search passes a decoder runs. A decoder runs one kind for life: the
 * passes are fixed when its search is built.
 */
enum SearchPasses {

    /** The forward lexicon-tree search alone, whose partial results are what a stream commits. */
    TREE,

    /**
     * The tree search, and at each utterance's end a forward-flat search over the words it found
     * and a best-path search of the resulting lattice ({@code -fwdflat yes -bestpath yes}, the
     * library's default), which rewrite the utterance's words: only the words a stream has not
     * committed by then gain from them.
     */
    TREE_THEN_RESCORE;

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
