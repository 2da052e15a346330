package dev.earshot.bench.jmh;

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
import dev.earshot.audio.Resampler;

/**
 * {@link Resampler} alone on float samples, 44.1, 48 and 8 kHz to 16 kHz, in 100 ms chunks. Every
 * operation handles the samples of one MiB of 16-bit input, so ops/s is MiB/s of s16 input.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ResampleBenchmark {

    @Param({"44100", "48000", "8000"})
    int inputRate;
    private float[][] chunks;

    @Setup
    public void setUp() {
        Random random = new Random(7);
        int samples = DecodeBenchmark.INPUT_BYTES / 2;
        int chunk = inputRate / 10;
        chunks = new float[(samples + chunk - 1) / chunk][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new float[Math.min(chunk, samples - i * chunk)];
            for (int k = 0; k < chunks[i].length; k++) {
                chunks[i][k] = random.nextFloat() * 2 - 1;
            }
        }
    }

    @Benchmark
    public void resample(Blackhole sink) {
        Resampler resampler = new Resampler(inputRate, AudioDecoder.OUTPUT_RATE);
        for (float[] chunk : chunks) {
            sink.consume(resampler.process(chunk));
        }
        sink.consume(resampler.finish());
    }
}
