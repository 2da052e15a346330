package dev.earshot.engine;

import java.util.Objects;

/**
 * A piece of a mono stream in the representation the engine asked for in
 * {@link EngineInfo#audio()}. The arrays are handed over, not copied: the producer does not touch
 * them afterwards, and the engine does not keep them after {@link Recognizer#accept} returns.
 */
public sealed interface Samples permits Samples.Pcm16, Samples.Float32 {

    /** How many samples this piece holds. */
    int length();

    /** Signed 16-bit samples. */
    record Pcm16(short[] samples) implements Samples {
        public Pcm16 {
            Objects.requireNonNull(samples, "samples");
        }

        @Override
        public int length() {
            return samples.length;
        }
    }

    /** Float samples with full scale at ±1. */
    record Float32(float[] samples) implements Samples {
        public Float32 {
            Objects.requireNonNull(samples, "samples");
        }

        @Override
        public int length() {
            return samples.length;
        }
    }

    /**
     * 16-bit samples in the given representation: as they are, or scaled to ±1 (full scale
     * 32768, so that -32768 maps to exactly -1).
     */
    static Samples of(short[] pcm, AudioRequirement.SampleType type) {
        return switch (type) {
            case PCM_S16 -> new Pcm16(pcm);
            case FLOAT32 -> {
                float[] f = new float[pcm.length];
                for (int i = 0; i < pcm.length; i++) {
                    f[i] = pcm[i] / 32768f;
                }
                yield new Float32(f);
            }
        };
    }
}
