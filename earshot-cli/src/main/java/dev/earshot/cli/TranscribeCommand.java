package dev.earshot.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import dev.earshot.audio.WavAudio;
import dev.earshot.audio.WavReader;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.pocketsphinx.PocketSphinxEngine;
import dev.earshot.engine.pocketsphinx.PocketSphinxModel;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TargetDelay;
import dev.earshot.streaming.TextCommit;
import dev.earshot.streaming.Transcript;
import dev.earshot.streaming.TranscriptListener;
import dev.earshot.streaming.TranscriptSegment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code earshot transcribe FILE.wav}: the streaming core in process, text printed as it is committed. */
@Command(name = "transcribe", mixinStandardHelpOptions = true,
        description = "Transcribe a WAV file on the embedded engine, printing text as it is committed.")
final class TranscribeCommand implements Callable<Integer> {

    /** What a live source would send at a time: 100 ms. */
    static final int CHUNK_MS = 100;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "WAV file: PCM 16/32-bit, float, mu-law or A-law, 8-48 kHz")
    Path file;

    @Option(names = "--delay", paramLabel = "MS", description = "target streaming delay, 0-10000 ms (default ${DEFAULT-VALUE})",
            defaultValue = "" + TargetDelay.DEFAULT_MS)
    int delayMs;

    @Option(names = "--format", description = "text or json (default ${DEFAULT-VALUE})", defaultValue = "text")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        WavAudio wav = WavReader.read(file);
        TargetDelay delay = new TargetDelay(delayMs);
        Transcript transcript;
        try (SpeechEngine engine = PocketSphinxEngine.open("pocketsphinx-en-us", PocketSphinxModel.debianEnUs(), 1)) {
            transcript = transcribe(engine, wav, delay, format == OutputFormat.text ? out : null);
        }
        switch (format) {
            case text -> out.println();
            case json -> out.println(TranscriptJson.write(transcript));
        }
        out.flush();
        return 0;
    }

    /** Streams {@code wav} through a transcriber in {@link #CHUNK_MS} chunks; prints deltas to {@code live} if given. */
    static Transcript transcribe(SpeechEngine engine, WavAudio wav, TargetDelay delay, PrintWriter live) {
        TranscriptListener listener = new TranscriptListener() {
            @Override
            public void onText(TextCommit commit) {
                if (live != null) {
                    live.print(commit.text());
                    live.flush();
                }
            }

            @Override
            public void onSegment(TranscriptSegment segment) {
            }
        };
        try (StreamingTranscriber t = new StreamingTranscriber(engine, wav.format(), delay, listener)) {
            int chunk = wav.format().sampleRate() * wav.format().encoding().bytesPerSample() * CHUNK_MS / 1000;
            byte[] data = wav.data();
            for (int i = 0; i < data.length; i += chunk) {
                t.append(Arrays.copyOfRange(data, i, Math.min(data.length, i + chunk)));
            }
            return t.finish();
        }
    }

    enum OutputFormat { text, json }
}
