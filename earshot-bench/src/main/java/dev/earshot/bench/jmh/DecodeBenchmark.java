package dev.earshot.bench.jmh;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import dev.earshot.audio.AudioDecoder;
import dev.earshot.audio.AudioEncoding;
import dev.earshot.audio.AudioFormat;

/**
 * {@link AudioDecoder} per stream, as the server runs it on every append. Every operation handles one MiB of input in 100 ms chunks,
 * so the score in ops/s is the throughput in MiB/s of input.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DecodeBenchmark {

    /** One MiB: the input of one operation. */
    static final int INPUT_BYTES = 1 << 20;

    /** Each wire encoding at 16 kHz (decoding only), and s16le at the rates that need resampling. */
    @Param({"pcm_s16le@16000", "pcm_s32le@16000", "pcm_f16le@16000", "pcm_f32le@16000", "pcm_mulaw@16000",
        "pcm_alaw@16000", "pcm_s16le@44100", "pcm_s16le@48000", "pcm_s16le@8000"})
    String format;

    private AudioFormat audioFormat;
    private byte[][] chunks;

    @Setup
    public void setUp() {
        String[] parts = format.split("@");
        audioFormat = new AudioFormat(AudioEncoding.fromWireName(parts[0]), Integer.parseInt(parts[1]));
        int size = audioFormat.encoding().bytesPerSample();
        int chunkBytes = audioFormat.sampleRate() / 10 * size;
        byte[] input = noise(INPUT_BYTES, audioFormat.encoding());
        chunks = new byte[(INPUT_BYTES + chunkBytes - 1) / chunkBytes][];
        for (int i = 0; i < chunks.length; i++) {
            int from = i * chunkBytes;
            chunks[i] = Arrays.copyOfRange(input, from, Math.min(INPUT_BYTES, from + chunkBytes));
        }
    }

    /** {@link AudioDecoder}: bytes in the wire encoding to 16 kHz s16, resampling when the rate differs. */
    @Benchmark
    public void decode(Blackhole sink) {
        AudioDecoder decoder = new AudioDecoder(audioFormat);
        for (byte[] chunk : chunks) {
            sink.consume(decoder.decode(chunk));
        }
        sink.consume(decoder.finish());
    }

    /** Random bytes that are valid samples: floats in [-1, 1) for the float encodings. */
    static byte[] noise(int bytes, AudioEncoding encoding) {
        Random random = new Random(42);
        byte[] out = new byte[bytes];
        random.nextBytes(out);
        if (encoding == AudioEncoding.PCM_F32LE) {
            for (int at = 0; at + 4 <= bytes; at += 4) {
                int bits = Float.floatToIntBits(random.nextFloat() * 2 - 1);
                for (int b = 0; b < 4; b++) {
                    out[at + b] = (byte) (bits >> (8 * b));
                }
            }
        } else if (encoding == AudioEncoding.PCM_F16LE) {
            for (int at = 0; at + 2 <= bytes; at += 2) {
                short bits = Float.floatToFloat16(random.nextFloat() * 2 - 1);
                out[at] = (byte) bits;
                out[at + 1] = (byte) (bits >> 8);
            }
        }
        return out;
    }
}
