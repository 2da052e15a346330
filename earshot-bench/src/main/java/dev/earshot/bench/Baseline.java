package dev.earshot.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.sun.management.OperatingSystemMXBean;

import dev.earshot.audio.AudioEncoding;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.pocketsphinx.PocketSphinxModel;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TargetDelay;
import dev.earshot.streaming.TranscriptListener;

/**
 * What the engine costs without the server: Debian's {@code pocketsphinx_continuous} (the raw
 * library) on each recording, with Earshot's search settings
 * ({@link PocketSphinxModel#STREAMING_ARGUMENTS}); and Earshot's in-process streaming core, one
 * stream as fast as it goes.
 */
final class Baseline {

    /** CPU seconds per audio second of each. */
    record Figures(double rawLibraryCpuPerAudioSecond, double inProcessCpuPerAudioSecond, double audioSeconds) {
    }

    private Baseline() {
    }

    /**
     * The raw library's figure: each recording decoded by its own {@code pocketsphinx_continuous}
     * process, as each is a session of its own on the server (each starts from the initial
     * cepstral mean, as the server's streams do), less the CPU of loading the model, the median of
     * three decodes of 0.1 s. NaN if the decoder is missing or a recording is not 16 kHz s16le.
     */
    static double rawLibrary(List<Recording> recordings) throws IOException, InterruptedException {
        for (Recording r : recordings) {
            if (r.audio().format().encoding() != AudioEncoding.PCM_S16LE || r.audio().format().sampleRate() != 16000) {
                return Double.NaN;
            }
        }
        Path dir = Files.createTempDirectory("earshot-baseline");
        try {
            Path tiny = writeWav(dir.resolve("tiny.wav"), new byte[3200]);
            double[] loads = {continuousCpuSeconds(tiny), continuousCpuSeconds(tiny), continuousCpuSeconds(tiny)};
            Arrays.sort(loads);
            double cpu = 0;
            double seconds = 0;
            for (Recording r : recordings) {
                cpu += continuousCpuSeconds(writeWav(dir.resolve("recording.wav"), r.audio().data())) - loads[1];
                seconds += r.seconds();
            }
            return cpu / seconds;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    /** Earshot's streaming core alone, one stream, 100 ms appends, as fast as it goes. */
    static double inProcess(SpeechEngine engine, List<Recording> recordings, int delayMs, int chunkMs) {
        TranscriptListener ignore = commit -> {
        };
        double seconds = 0;
        long before = processCpuNanos();
        for (Recording r : recordings) {
            try (StreamingTranscriber t = new StreamingTranscriber(engine, r.audio().format(),
                    new TargetDelay(delayMs), ignore)) {
                r.chunks(chunkMs).forEach(t::append);
                t.flush();
                t.finish();
            }
            seconds += r.seconds();
        }
        return (processCpuNanos() - before) / 1e9 / seconds;
    }

    static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The children's CPU of a shell that ran the decoder: fields 16 and 17 of proc(5)'s stat. */
    private static double continuousCpuSeconds(Path wav) throws IOException, InterruptedException {
        String script = "w=\"$1\"; shift; pocketsphinx_continuous -infile \"$w\" -logfn /dev/null \"$@\" "
                + ">/dev/null 2>&1 || exit 3; cat /proc/$$/stat";
        List<String> command = new ArrayList<>(List.of("bash", "-c", script, "bash", wav.toString()));
        command.addAll(PocketSphinxModel.STREAMING_ARGUMENTS);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String stat = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (p.waitFor() != 0) {
            throw new IOException("pocketsphinx_continuous failed (exit " + p.exitValue() + ") on " + wav);
        }
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]);
        return ticks / 100.0; // USER_HZ
    }

    private static Path writeWav(Path file, byte[] pcm) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm.length).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        h.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(16000).putInt(32000).putShort((short) 2).putShort((short) 16);
        h.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length);
        byte[] out = new byte[44 + pcm.length];
        System.arraycopy(h.array(), 0, out, 0, 44);
        System.arraycopy(pcm, 0, out, 44, pcm.length);
        return Files.write(file, out);
    }
}
