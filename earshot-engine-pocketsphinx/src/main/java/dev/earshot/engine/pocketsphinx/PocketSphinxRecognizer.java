package dev.earshot.engine.pocketsphinx;

import java.util.ArrayList;
import java.util.List;

import dev.earshot.engine.Hypothesis;
import dev.earshot.engine.EngineException;
import dev.earshot.engine.Recognizer;
import dev.earshot.engine.Samples;
import dev.earshot.engine.Word;

/**
 * A stream on one pooled {@link Decoder}. Audio is decoded in fixed blocks so that utterance
 * boundaries, and so the text, do not depend on how the caller chunks the stream.
 */
final class PocketSphinxRecognizer implements Recognizer {

    /**
     * 32 ms at 16 kHz: how often the partial result moves, and so the step in which a word's
     * commit can follow its end plus the delay.
     */
    static final int BLOCK_SAMPLES = 512;
    /**
     * The voice detector's verdict is read every fourth block (2048 samples, 128 ms), which is
     * where pocketsphinx_continuous reads it: reading it more often ends utterances at every
     * short pause, and each cut loses the language model's context (docs/benchmarks.md, "How often
     * the voice detector is read").
     */
    private static final int BLOCKS_PER_VAD_CHECK = 4;
    /**
     * Blocks decoded per turn on the worker (0.5 s of audio, roughly 50 ms of CPU), so that a
     * client sending a long chunk does not hold up the other streams pinned to the same worker.
     */
    private static final int BLOCKS_PER_TURN = 16;
    private static final int SAMPLES_PER_MS = 16;
    /**
     * How far before the voice detector's verdict an utterance's first word can start: the
     * detector keeps 20 frames of pre-speech (sphinxbase's -vad_prespeech) and is read every
     * 128 ms; 500 ms covers both with room to spare.
     */
    private static final int VAD_SLACK_MS = 500;
    /**
     * The silence after which the voice detector itself reports the end of speech: sphinxbase's
     * -vad_postspeech, 50 frames of 10 ms, which the Debian model keeps. A longer turn silence
     * is waited out here; a shorter one cannot be had without reconfiguring the decoder.
     */
    static final int VAD_HANGOVER_MS = 500;

    private final Worker worker;
    private final int partialLagMs;
    /** How much longer than {@link #VAD_HANGOVER_MS} a silence must last to end the utterance. */
    private final long extraSilenceMs;
    private final Runnable onClose;
    /**
     * Audio not yet decoded. Filled on the caller's thread or, during a call, on the worker's;
     * never both at once, since calls are sequential and a worker task's completion
     * happens-before {@link Worker#call} returns.
     */
    private final short[] block = new short[BLOCK_SAMPLES];
    private Decoder decoder;
    private int blockFill;
    private long samplesDecoded;
    private long blocksDecoded;
    /** Whether the voice detector heard speech since the utterance started (as pocketsphinx_continuous). */
    private boolean inUtterance;
    /** Stream time at which the voice detector first heard the utterance in progress. */
    private long utteranceHeardMs;
    /** Stream time of the first silent reading since the last speech in this utterance, or -1. */
    private long silentSinceMs = -1;

    /**
     * @param turnSilenceMs the silence that ends an utterance, at least {@link #VAD_HANGOVER_MS},
     *                      or null for the voice detector's own
     * @throws IllegalArgumentException naming the bias words the dictionary lacks
     */
    PocketSphinxRecognizer(Worker worker, int partialLagMs, Integer turnSilenceMs, SearchPasses passes,
            BiasModel bias, Runnable onClose) {
        this.worker = worker;
        this.partialLagMs = partialLagMs;
        this.extraSilenceMs = turnSilenceMs == null ? 0 : turnSilenceMs - VAD_HANGOVER_MS;
        this.onClose = onClose;
        this.decoder = worker.acquire(passes, bias);
    }

    @Override
    public List<Hypothesis> accept(Samples audio) {
        if (!(audio instanceof Samples.Pcm16(short[] samples))) {
            throw new IllegalArgumentException("pocketsphinx takes 16-bit samples: expected Samples.Pcm16, found "
                    + audio.getClass().getSimpleName());
        }
        Decoder d = requireOpen();
        if (blockFill + samples.length < BLOCK_SAMPLES) {
            // Less than a block in all: nothing for the engine yet, so no trip to the worker.
            System.arraycopy(samples, 0, block, blockFill, samples.length);
            blockFill += samples.length;
            return List.of();
        }
        List<Hypothesis> out = new ArrayList<>();
        int offset = 0;
        while (offset < samples.length) {
            int start = offset;
            offset = worker.call(() -> decodeTurn(d, samples, start, out));
        }
        return out;
    }

    /** Fills and decodes up to {@link #BLOCKS_PER_TURN} blocks; returns how far into samples it got. */
    private int decodeTurn(Decoder d, short[] samples, int offset, List<Hypothesis> out) {
        int blocks = 0;
        while (offset < samples.length && blocks < BLOCKS_PER_TURN) {
            int n = Math.min(BLOCK_SAMPLES - blockFill, samples.length - offset);
            System.arraycopy(samples, offset, block, blockFill, n);
            blockFill += n;
            offset += n;
            if (blockFill == BLOCK_SAMPLES) {
                decodeBlock(d, out);
                blocks++;
            }
        }
        return offset;
    }

    private void decodeBlock(Decoder d, List<Hypothesis> out) {
        boolean speech = d.process(block, blockFill);
        samplesDecoded += blockFill;
        blockFill = 0;
        boolean vadCheck = ++blocksDecoded % BLOCKS_PER_VAD_CHECK == 0;
        if (vadCheck && speech && !inUtterance) {
            inUtterance = true;
            utteranceHeardMs = audioMsDecoded();
        }
        if (!inUtterance) {
            return;
        }
        if (vadCheck) {
            silentSinceMs = speech ? -1 : silentSinceMs < 0 ? audioMsDecoded() : silentSinceMs;
        }
        if (vadCheck && !speech && audioMsDecoded() - silentSinceMs >= extraSilenceMs) {
            out.add(finishUtterance(d));
        } else if (audioMsDecoded() + VAD_SLACK_MS >= utteranceHeardMs + partialLagMs) {
            // Only now can a word of this utterance be partialLagMs past its end.
            out.add(new Hypothesis(d.words(), audioMsDecoded(), false));
        }
    }

    private Hypothesis finishUtterance(Decoder d) {
        d.endUtterance();
        List<Word> words = d.words();
        d.startUtterance();
        inUtterance = false;
        silentSinceMs = -1;
        return new Hypothesis(words, audioMsDecoded(), true);
    }

    @Override
    public List<Hypothesis> endUtterance() {
        Decoder d = requireOpen();
        return worker.call(() -> {
            List<Hypothesis> out = new ArrayList<>();
            if (blockFill > 0) {
                decodeBlock(d, out);
            }
            if (inUtterance) {
                out.add(finishUtterance(d));
            }
            return out;
        });
    }

    private long audioMsDecoded() {
        return samplesDecoded / SAMPLES_PER_MS;
    }

    private Decoder requireOpen() {
        if (decoder == null) {
            throw new IllegalStateException("recognizer is closed");
        }
        return decoder;
    }

    @Override
    public void close() {
        Decoder d = decoder;
        if (d == null) {
            return;
        }
        decoder = null;
        try {
            worker.call(() -> {
                d.endUtterance();
                return null;
            });
        } catch (EngineException e) {
            // The engine was closed (and freed the decoder) or ps_end_utt failed; either way the
            // stream is over, and the next stream on this decoder starts afresh.
        } finally {
            worker.release(d);
            onClose.run();
        }
    }
}
