package dev.earshot.engine.pocketsphinx;

import java.util.ArrayList;
import java.util.List;

import dev.earshot.engine.Hypothesis;
import dev.earshot.engine.Recognizer;
import dev.earshot.engine.Word;

/**
 * A stream on one pooled {@link Decoder}. Audio is decoded in fixed blocks so that utterance
 * boundaries, and so the text, do not depend on how the caller chunks the stream.
 */
final class PocketSphinxRecognizer implements Recognizer {

    /** 50 ms at 16 kHz: the granularity at which the voice detector and the partial results move. */
    static final int BLOCK_SAMPLES = 800;
    /**
     * Blocks decoded per turn on the worker (0.5 s of audio, roughly 50 ms of CPU), so that a
     * client sending a long chunk does not hold up the other streams pinned to the same worker.
     */
    private static final int BLOCKS_PER_TURN = 10;
    private static final int SAMPLES_PER_MS = 16;

    private final Worker worker;
    private final Runnable onClose;
    private final short[] block = new short[BLOCK_SAMPLES];
    private Decoder decoder;
    private int blockFill;
    private long samplesDecoded;
    /** Whether the voice detector heard speech since the utterance started (as pocketsphinx_continuous). */
    private boolean inUtterance;

    PocketSphinxRecognizer(Worker worker, Runnable onClose) {
        this.worker = worker;
        this.onClose = onClose;
        this.decoder = worker.acquire();
    }

    @Override
    public List<Hypothesis> accept(short[] samples) {
        Decoder d = requireOpen();
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
        if (speech) {
            inUtterance = true;
        }
        if (!inUtterance) {
            return;
        }
        if (speech) {
            out.add(new Hypothesis(d.words(), audioMsDecoded(), false));
        } else {
            out.add(finishUtterance(d));
        }
    }

    private Hypothesis finishUtterance(Decoder d) {
        d.endUtterance();
        List<Word> words = d.words();
        d.startUtterance();
        inUtterance = false;
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

    @Override
    public long audioMs() {
        return (samplesDecoded + blockFill) / SAMPLES_PER_MS;
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
        } finally {
            worker.release(d);
            onClose.run();
        }
    }
}
