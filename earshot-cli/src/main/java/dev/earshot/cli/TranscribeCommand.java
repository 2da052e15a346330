package dev.earshot.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import dev.earshot.audio.AudioFileReader;
import dev.earshot.audio.AudioFormat;
import dev.earshot.audio.Pacer;
import dev.earshot.audio.WavAudio;
import dev.earshot.captions.Captions;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;
import dev.earshot.models.ModelRegistry;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TargetDelay;
import dev.earshot.streaming.Transcript;
import dev.earshot.streaming.TextCommit;
import dev.earshot.streaming.TranscriptEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code earshot transcribe FILE}: in process on the embedded engine, or with {@code --server}
 * over the realtime protocol through the Java SDK. Text is printed as it is committed. The file
 * is read by {@link AudioFileReader}: any WAV, mp3, m4a/aac, ogg/opus, webm or flac file, as
 * 16 kHz mono.
 */
@Command(name = "transcribe", mixinStandardHelpOptions = true,
        description = "Transcribe an audio file, in process or (with --server) on an Earshot or Mistral server.")
final class TranscribeCommand implements Callable<Integer> {

    /** What a live source would send at a time: 100 ms. */
    static final int CHUNK_MS = 100;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "audio file: WAV of any depth and rate, mp3, m4a/aac, ogg/opus, "
            + "webm or flac (all but common WAVs need ffmpeg)")
    Path file;

    @Option(names = "--server", paramLabel = "URL",
            description = "transcribe on this server (ws, wss, http or https URL) instead of in process")
    String server;

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key for --server (default: env MISTRAL_API_KEY)")
    String apiKey;

    @Mixin
    ModelOption model;

    @Option(names = "--delay", paramLabel = "MS",
            description = "target streaming delay, 0-10000 ms (default " + TargetDelay.DEFAULT_MS + ", the server's default)")
    Integer delayMs;

    @Option(names = "--realtime", description = "send the audio as a live source would: 100 ms every 100 ms")
    boolean realtime;

    @Option(names = "--format", description = "text, json, srt or vtt (default ${DEFAULT-VALUE})", defaultValue = "text")
    OutputFormat format;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, this::transcribe);
    }

    private int transcribe() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        WavAudio wav = readWav(file);
        PrintWriter live = format == OutputFormat.text ? out : null;
        double seconds = (double) wav.data().length / wav.format().bytesPerSecond();
        ProgressBar progress = ProgressBar.forAudio(seconds, live != null);
        Iterator<byte[]> audio = progressOf(chunks(wav), wav.format(), progress);
        Transcript transcript;
        if (server == null) {
            StreamOptions options = StreamOptions.ofDelay(TargetDelay.ofNullable(delayMs).millis());
            try (ModelRegistry models = model.open(Map.of("workers", "1"))) {
                transcript = transcribe(models.require(model.id), wav.format(), audio, options, printing(live));
            }
        } else {
            try (ServerTranscriber remote = new ServerTranscriber(server, apiKey, spec.commandLine().getErr())) {
                transcript = remote.transcribe(audio, wav.format(), model.id, delayMs, event -> printDelta(event, live));
            }
        }
        progress.finish();
        out.print(render(transcript, format));
        out.flush();
        return 0;
    }

    /** The audio file as 16 kHz mono, or a one-line failure naming it. */
    static WavAudio readWav(Path file) {
        try {
            return AudioFileReader.readAll(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CommandFailure("no such file: " + file);
        } catch (java.io.IOException e) {
            throw new CommandFailure(e.getMessage().contains(file.toString()) ? e.getMessage()
                    : "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static void printDelta(ServerEvent event, PrintWriter live) {
        if (live != null && event instanceof ServerEvent.TextDelta(String text)) {
            live.print(text);
            live.flush();
        }
    }

    /** What follows the live text: a newline for text, else the whole document. */
    static String render(Transcript transcript, OutputFormat format) {
        return switch (format) {
            case text -> System.lineSeparator();
            case json -> TranscriptJson.write(transcript) + System.lineSeparator();
            case srt -> Captions.srt(transcript.segments());
            case vtt -> Captions.vtt(transcript.segments());
        };
    }

    private Iterator<byte[]> chunks(WavAudio wav) {
        List<byte[]> chunks = wav.chunks(CHUNK_MS);
        return realtime ? Pacer.paced(chunks.iterator(), CHUNK_MS) : chunks.iterator();
    }

    private static Iterator<byte[]> progressOf(Iterator<byte[]> chunks, AudioFormat format, ProgressBar progress) {
        int rate = format.bytesPerSecond();
        return new Iterator<>() {
            private long sent;

            @Override
            public boolean hasNext() {
                return chunks.hasNext();
            }

            @Override
            public byte[] next() {
                byte[] chunk = chunks.next();
                sent += chunk.length;
                progress.update((double) sent / rate);
                return chunk;
            }
        };
    }

    /** Streams {@code wav} through a transcriber in {@link #CHUNK_MS} chunks, handing {@code sink} each event. */
    static Transcript transcribe(SpeechEngine engine, WavAudio wav, TargetDelay delay,
            Consumer<? super TranscriptEvent> sink) {
        return transcribe(engine, wav, StreamOptions.ofDelay(delay.millis()), sink);
    }

    static Transcript transcribe(SpeechEngine engine, WavAudio wav, StreamOptions options,
            Consumer<? super TranscriptEvent> sink) {
        List<byte[]> chunks = wav.chunks(CHUNK_MS);
        return transcribe(engine, wav.format(), chunks.iterator(), options, sink);
    }

    /** Streams {@code audio} through a transcriber, handing {@code sink} each event. */
    static Transcript transcribe(SpeechEngine engine, AudioFormat format, Iterator<byte[]> audio, StreamOptions options,
            Consumer<? super TranscriptEvent> sink) {
        return StreamingTranscriber.transcribe(engine, format, options, audio, sink);
    }

    /** Prints each commit's text to {@code live} as it comes; prints nothing if {@code live} is null. */
    static Consumer<TranscriptEvent> printing(PrintWriter live) {
        return event -> {
            if (live != null && event instanceof TextCommit commit) {
                live.print(commit.text());
                live.flush();
            }
        };
    }

    enum OutputFormat { text, json, srt, vtt }
}
