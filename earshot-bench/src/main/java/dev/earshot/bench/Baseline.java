package dev.earshot.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.earshot.audio.AudioEncoding;
import dev.earshot.audio.Pacer;
import dev.earshot.os.CpuTime;
import dev.earshot.engine.ArgumentsResource;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TargetDelay;

/**
 * What the engine costs without the server: for the pocketsphinx engine, Debian's
 * {@code pocketsphinx_continuous} (the raw library) on each recording, with Earshot's search
 * settings ({@value #SEARCH_ARGUMENTS}); and Earshot's in-process streaming core, one
 * stream. Each both as fast as it goes and fed in real time, {@code chunkMs} at a time: a decoder
 * fed in real time costs more CPU per audio second (docs/benchmarks.md, "Feeding in real time
 * costs the decoder itself more"), so a real-time server step is compared with the real-time
 * figures and a {@code --fast} step with the fast ones.
 */
final class Baseline {

    /** The engine whose raw library this measures. */
    static final String ENGINE = "pocketsphinx";
    /** The engine module's search arguments, one flag and value per line; {@code #} starts a comment. */
    static final String SEARCH_ARGUMENTS = "META-INF/earshot/pocketsphinx-search.args";

    /**
     * CPU seconds per audio second of each.
     *
     * @param rawLibraryFast     {@code pocketsphinx_continuous}, audio written as fast as it reads
     * @param rawLibraryRealTime the same, audio written in real time
     * @param inProcessFast      Earshot's streaming core in the bench's process, appends back to back
     * @param inProcessRealTime  the same, appends in real time
     */
    record Figures(double rawLibraryFast, double rawLibraryRealTime, double inProcessFast, double inProcessRealTime,
            double audioSeconds) {

        /** The raw library's figure under the same pacing as a step. */
        double rawLibrary(boolean realTime) {
            return realTime ? rawLibraryRealTime : rawLibraryFast;
        }

        double inProcess(boolean realTime) {
            return realTime ? inProcessRealTime : inProcessFast;
        }
    }

    private Baseline() {
    }

    /**
     * The raw library's figure: each recording decoded by its own {@code pocketsphinx_continuous}
     * process, as each is a session of its own on the server (each starts from the initial
     * cepstral mean, as the server's streams do), its samples written to the decoder's standard
     * input in {@code chunkMs} pieces; less the CPU of loading the model, the median of three
     * decodes of 0.1 s. NaN if the engine is not pocketsphinx, or a recording is not 16 kHz s16le.
     */
    static double rawLibrary(SpeechEngine engine, List<Recording> recordings, int chunkMs, boolean realTime)
            throws IOException, InterruptedException {
        if (!engine.info().engine().equals(ENGINE)) {
            return Double.NaN;
        }
        for (Recording r : recordings) {
            if (r.audio().format().encoding() != AudioEncoding.PCM_S16LE || r.audio().format().sampleRate() != 16000) {
                return Double.NaN;
            }
        }
        List<byte[]> tiny = List.of(new byte[3200]);
        double[] loads = {continuousCpuSeconds(tiny, 0), continuousCpuSeconds(tiny, 0), continuousCpuSeconds(tiny, 0)};
        Arrays.sort(loads);
        double cpu = 0;
        double seconds = 0;
        for (Recording r : recordings) {
            cpu += continuousCpuSeconds(r.audio().chunks(chunkMs), realTime ? chunkMs : 0) - loads[1];
            seconds += r.seconds();
        }
        return cpu / seconds;
    }

    /** Earshot's streaming core alone, one stream of {@code chunkMs} appends, in real time or back to back. */
    static double inProcess(SpeechEngine engine, List<Recording> recordings, int delayMs, int chunkMs,
            boolean realTime) throws InterruptedException {
        double seconds = 0;
        long before = CpuTime.selfNanos();
        for (Recording r : recordings) {
            try (StreamingTranscriber t = new StreamingTranscriber(engine, r.audio().format(),
                    new TargetDelay(delayMs))) {
                List<byte[]> chunks = r.audio().chunks(chunkMs);
                Pacer pacer = new Pacer(realTime ? chunkMs : 0);
                for (int k = 0; k < chunks.size(); k++) {
                    pacer.awaitChunk(k);
                    t.append(chunks.get(k));
                }
                t.flush();
                t.finish();
            }
            seconds += r.seconds();
        }
        return (CpuTime.selfNanos() - before) / 1e9 / seconds;
    }

    /** Earshot's search arguments below 640 ms, as the engine reads them. */
    static List<String> searchArguments() throws IOException {
        return ArgumentsResource.read(Baseline.class.getClassLoader(), SEARCH_ARGUMENTS);
    }

    /**
     * Debian's decoder reading {@code input} (a WAV file, or {@code /dev/stdin} for raw 16 kHz
     * s16le), its log discarded, with {@code arguments} after the library's defaults. The one place
     * this command line is made.
     */
    private static List<String> continuous(String input, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("pocketsphinx_continuous", "-infile", input, "-logfn",
                "/dev/null"));
        command.addAll(arguments);
        return command;
    }

    /** The words {@code pocketsphinx_continuous} hears in {@code wav}, on one line. */
    static String continuousText(Path wav, List<String> arguments) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(continuous(wav.toString(), arguments))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IOException("pocketsphinx_continuous failed on " + wav + " (exit " + p.exitValue() + ")");
        }
        return text.replaceAll("\\s+", " ");
    }

    /** CPU seconds of {@code pocketsphinx_continuous} decoding {@code wav}, read as fast as it goes. */
    static double continuousCpuSeconds(Path wav, List<String> arguments) throws IOException, InterruptedException {
        return childrenCpuSeconds(continuous(wav.toString(), arguments), List.of(), 0);
    }

    /** {@link #childrenCpuSeconds} of the decoder with Earshot's search reading {@code chunks}. */
    private static double continuousCpuSeconds(List<byte[]> chunks, int chunkMs) throws IOException, InterruptedException {
        return childrenCpuSeconds(continuous("/dev/stdin", searchArguments()), chunks, chunkMs);
    }

    /**
     * The children's CPU of a shell that ran {@code command}, writing {@code chunks} to its
     * standard input one every {@code chunkMs} (0: as fast as it reads): fields 16 and 17 of
     * proc(5)'s stat, so that neither this JVM nor the shell is counted.
     */
    private static double childrenCpuSeconds(List<String> decoder, List<byte[]> chunks, int chunkMs)
            throws IOException, InterruptedException {
        String script = "\"$@\" >/dev/null 2>&1 || exit 3; cat /proc/$$/stat";
        List<String> command = new ArrayList<>(List.of("bash", "-c", script, "bash"));
        command.addAll(decoder);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            Pacer pacer = new Pacer(chunkMs);
            for (int k = 0; k < chunks.size(); k++) {
                pacer.awaitChunk(k);
                in.write(chunks.get(k));
                in.flush();
            }
        } catch (IOException e) {
            // The decoder is gone; its exit status below says why.
        }
        String stat = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (p.waitFor() != 0) {
            throw new IOException(decoder.getFirst() + " failed (exit " + p.exitValue() + ")");
        }
        return CpuTime.childrenNanos(stat) / 1e9;
    }
}
