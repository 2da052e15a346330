package dev.earshot.protocol;

import java.util.Objects;

/**
 * The {@code audio_format} object: how the raw PCM in {@code input_audio.append} is encoded.
 *
 * <p>The codec checks only the shape (a string and an integer); which encodings and sample
 * rates are supported is the server's decision, so that adding one needs no protocol change.
 *
 * @param encoding   wire name of the encoding, for example {@code pcm_s16le}; never null
 * @param sampleRate samples per second of the mono signal, in Hz
 */
public record AudioFormatSpec(String encoding, int sampleRate) {

    /** Throws {@link NullPointerException} if {@code encoding} is null. */
    public AudioFormatSpec {
        Objects.requireNonNull(encoding, "encoding");
    }
}
