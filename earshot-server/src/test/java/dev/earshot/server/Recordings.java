package dev.earshot.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import dev.earshot.audio.AudioEncoding;
import dev.earshot.audio.WavAudio;
import dev.earshot.audio.WavReader;

/** Real recordings, and conversions of their 16-bit samples into other encodings and rates. */
final class Recordings {

    static final Path LIBRIVOX = Path.of("/usr/share/pocketsphinx/test/data/librivox");
    static final Path FETCHED = Path.of(System.getProperty("earshot.shared.dir", "/work/shared"), "eval", "fetched");

    private Recordings() {
    }

    static WavAudio librivox(String id) {
        return read(LIBRIVOX.resolve("sense_and_sensibility_01_austen_64kb-" + id + ".wav"));
    }

    static WavAudio fetched(String name) {
        return read(FETCHED.resolve(name + ".wav"));
    }

    /**
     * "your power is sufficient i said", 2.59 s, which PocketSphinx decodes in about half the CPU
     * time of 0880 (3 s): for tests that need real speech but not particular words.
     */
    static WavAudio brief() {
        return fetched("dsexamples_8455-210777-0068");
    }

    static WavAudio read(Path file) {
        try {
            return WavReader.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The samples of 16-bit little-endian PCM. */
    static short[] samples(byte[] s16) {
        short[] out = new short[s16.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((s16[2 * i] & 0xFF) | (s16[2 * i + 1] << 8));
        }
        return out;
    }

    /** Every other sample, averaged in pairs (a crude low-pass): half the rate. */
    static short[] halveRate(short[] in) {
        short[] out = new short[in.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) ((in[2 * i] + in[2 * i + 1]) / 2);
        }
        return out;
    }

    /** Linear interpolation by an integer factor: {@code factor} times the rate. */
    static short[] multiplyRate(short[] in, int factor) {
        short[] out = new short[in.length * factor];
        for (int i = 0; i < in.length; i++) {
            int next = i + 1 < in.length ? in[i + 1] : in[i];
            for (int k = 0; k < factor; k++) {
                out[i * factor + k] = (short) (in[i] + (next - in[i]) * k / factor);
            }
        }
        return out;
    }

    /** The samples in {@code encoding}, little-endian. */
    static byte[] encode(short[] samples, AudioEncoding encoding) {
        byte[] out = new byte[samples.length * encoding.bytesPerSample()];
        for (int i = 0; i < samples.length; i++) {
            int s = samples[i];
            int at = i * encoding.bytesPerSample();
            switch (encoding) {
                case PCM_S16LE -> putLittleEndian(out, at, s, 2);
                case PCM_S32LE -> putLittleEndian(out, at, s << 16, 4);
                case PCM_F16LE -> putLittleEndian(out, at, Float.floatToFloat16(s / 32768f), 2);
                case PCM_F32LE -> putLittleEndian(out, at, Float.floatToIntBits(s / 32768f), 4);
                case PCM_MULAW -> out[at] = G711.mulaw(s);
                case PCM_ALAW -> out[at] = G711.alaw(s);
            }
        }
        return out;
    }

    private static void putLittleEndian(byte[] out, int at, int value, int bytes) {
        for (int b = 0; b < bytes; b++) {
            out[at + b] = (byte) (value >> (8 * b));
        }
    }

    /** Base64 pieces of at most {@code chunkBytes} each, cut on whole samples or not. */
    static List<String> chunks(byte[] audio, int chunkBytes) {
        List<String> out = new ArrayList<>();
        for (int at = 0; at < audio.length; at += chunkBytes) {
            int end = Math.min(audio.length, at + chunkBytes);
            out.add(Base64.getEncoder().encodeToString(Arrays.copyOfRange(audio, at, end)));
        }
        return out;
    }

    /** ITU-T G.711 encoders, the textbook segment search (Sun's g711.c). */
    static final class G711 {
        private static final int BIAS = 0x84;
        private static final int CLIP = 32635;

        private G711() {
        }

        static byte mulaw(int sample) {
            int sign = sample < 0 ? 0x80 : 0;
            int magnitude = Math.min(Math.abs(sample), CLIP) + BIAS;
            int exponent = 7;
            for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
                exponent--;
            }
            int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
            return (byte) ~(sign | (exponent << 4) | mantissa);
        }

        static byte alaw(int sample) {
            int sign = sample >= 0 ? 0x80 : 0;
            int magnitude = Math.min(sample >= 0 ? sample : -sample - 1, 32767) >> 3;
            int exponent = 0;
            while (magnitude >= 32 << exponent && exponent < 7) {
                exponent++;
            }
            int mantissa = exponent == 0 ? magnitude >> 1 : (magnitude >> exponent) & 0x0F;
            return (byte) ((sign | (exponent << 4) | mantissa) ^ 0x55);
        }
    }
}
