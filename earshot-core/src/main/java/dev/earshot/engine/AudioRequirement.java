package dev.earshot.engine;

/**
 * The audio an engine consumes: the streaming core decodes and resamples every client format to it.
 *
 * @param sampleRate samples per second of the mono signal, e.g. 16,000
 * @param sampleType how each sample is represented
 */
public record AudioRequirement(int sampleRate, SampleType sampleType) {

    /** 16 kHz mono signed 16-bit, what PocketSphinx's models are trained on. */
    public static final AudioRequirement PCM16_16KHZ = new AudioRequirement(16_000, SampleType.PCM_S16);
    /** 16 kHz mono float in [-1, 1], what Whisper's encoder takes. */
    public static final AudioRequirement FLOAT32_16KHZ = new AudioRequirement(16_000, SampleType.FLOAT32);

    public AudioRequirement {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, found " + sampleRate);
        }
        java.util.Objects.requireNonNull(sampleType, "sampleType");
    }

    /** Representations of one mono sample. */
    public enum SampleType {
        /** Signed 16-bit integers, {@link Samples.Pcm16}. */
        PCM_S16,
        /** 32-bit floats with full scale at ±1, {@link Samples.Float32}. */
        FLOAT32
    }
}
