package dev.earshot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;

import dev.earshot.audio.AudioEncoding;
import dev.earshot.audio.AudioFormat;
import dev.earshot.audio.Pacer;
import dev.earshot.audio.WavAudio;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;
import dev.earshot.models.ModelRegistry;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.streaming.StreamingTranscriber;
import dev.earshot.streaming.TargetDelay;
import dev.earshot.streaming.TextCommit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code earshot dual}: the seed's dual-delay view. One audio source (the microphone, or a file
 * played in real time) is broadcast to a fast and a slow session; the terminal shows the slow
 * text with the fast text that runs ahead of it highlighted. Threads: the broadcaster, one per
 * session, and the UI thread, the only one that draws.
 */
@Command(name = "dual", mixinStandardHelpOptions = true,
        description = "Dual-delay live transcription view: a fast and a slow session on one audio source.")
final class DualCommand implements Callable<Integer> {

    /** Chunks queued per session, as the seed's {@code asyncio.Queue(maxsize=50)}: 5 s of audio.
     *  At the limit the broadcaster waits, so a stalled session stalls the source, not memory. */
    static final int QUEUE_CHUNKS = 50;
    static final int CHUNK_MS = 100;
    /** The seed's UI loop: a redraw on every change, and at least every 250 ms. */
    static final long REDRAW_MS = 250;
    private static final byte[] END = new byte[0];

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", description = "run both sessions on this server instead of in process")
    String server;

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key for --server (default: env MISTRAL_API_KEY)")
    String apiKey;

    @Mixin
    ModelOption model;

    @Option(names = "--fast-model", paramLabel = "ID",
            description = "model of the fast session, e.g. a small quick one (default: --model)")
    String fastModel;

    @Option(names = "--slow-model", paramLabel = "ID",
            description = "model of the slow session, e.g. a larger more accurate one (default: --model)")
    String slowModel;

    @Option(names = "--fast-delay-ms", description = "fast target streaming delay (default ${DEFAULT-VALUE})", defaultValue = "240")
    int fastDelayMs;

    @Option(names = "--slow-delay-ms", description = "slow target streaming delay (default ${DEFAULT-VALUE})", defaultValue = "2400")
    int slowDelayMs;

    @Option(names = "--file", paramLabel = "FILE",
            description = "play this audio file (WAV, mp3, m4a, ogg, webm, flac) in real time instead of the microphone")
    Path file;

    @Option(names = "--rate", description = "microphone sample rate in Hz (default ${DEFAULT-VALUE})", defaultValue = "16000")
    int rate;

    private final DualState state = new DualState();
    private final CountDownLatch finished = new CountDownLatch(1);

    @Override
    public Integer call() {
        return CommandFailure.run(spec, this::run);
    }

    private int run() throws Exception {
        new TargetDelay(fastDelayMs);
        new TargetDelay(slowDelayMs);
        WavAudio wav = file == null ? null : TranscribeCommand.readWav(file);
        AudioFormat format = wav != null ? wav.format() : new AudioFormat(AudioEncoding.PCM_S16LE, rate);
        Microphone mic = wav == null ? Microphone.open(rate, CHUNK_MS, null) : null;
        ServerTranscriber remote = server == null ? null : new ServerTranscriber(server, apiKey, null);
        ModelRegistry models = server == null ? model.open(Map.of("workers", "2"), modelId(true), modelId(false))
                : null;
        Iterator<byte[]> source = mic != null ? mic : Pacer.paced(wav.chunks(CHUNK_MS).iterator(), CHUNK_MS);
        BlockingQueue<byte[]> fastQueue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
        BlockingQueue<byte[]> slowQueue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
        List<Thread> workers = List.of(
                Thread.ofVirtual().name("dual-broadcast").unstarted(() -> broadcast(source, List.of(fastQueue, slowQueue))),
                Thread.ofVirtual().name("dual-fast").unstarted(() -> stream(true, fastQueue, format, remote, models)),
                Thread.ofVirtual().name("dual-slow").unstarted(() -> stream(false, slowQueue, format, remote, models)));
        DualState.Snapshot last;
        // The view goes to whichever of stdout and stderr is a terminal, so that
        // `earshot dual > transcript.txt` still shows it and saves the final text.
        try (Terminal terminal = openTerminal()) {
            terminal.handle(Terminal.Signal.INT, signal -> {
                state.stopped();
                finished.countDown();
            });
            workers.forEach(Thread::start);
            last = ui(terminal);
        } finally {
            workers.forEach(Thread::interrupt);
            if (mic != null) {
                mic.close();
            }
            for (Thread worker : workers) {
                worker.join(2000);
            }
            if (models != null) {
                models.close();
            }
            if (remote != null) {
                remote.close();
            }
        }
        return report(last);
    }

    private static Terminal openTerminal() {
        // JLine would draw │ and ─ through the terminal's alternate (VT100 line-drawing)
        // character set; plain UTF-8 keeps copies and `tmux capture-pane` showing the real
        // characters. Read once, when JLine's AttributedCharSequence is first loaded, which is here.
        System.setProperty("org.jline.utils.disableAlternateCharset", "true");
        try {
            return TerminalBuilder.builder().system(true).dumb(false)
                    .systemOutput(TerminalBuilder.SystemOutput.SysOutOrSysErr).build();
        } catch (IOException | IllegalStateException e) {
            throw new CommandFailure("the dual view needs a terminal, and neither stdout nor stderr is one");
        }
    }

    /** The model of the fast or the slow session: its own option, else {@code --model}. */
    private String modelId(boolean fast) {
        String own = fast ? fastModel : slowModel;
        return own != null ? own : model.id;
    }

    /** After the screen is restored: the final transcript on stdout, an error as one line on stderr. */
    private int report(DualState.Snapshot last) {
        PrintWriter out = spec.commandLine().getOut();
        TranscriptMerge.Display display = TranscriptMerge.compute(last.slowText(), last.fastText());
        out.println((display.finalText() + display.partialText()).strip());
        out.flush();
        if (last.error() != null) {
            return CommandFailure.report(spec, last.error());
        }
        return 0;
    }

    /** The seed's {@code broadcast_microphone}: read once, put every chunk in every queue, then the end. */
    private void broadcast(Iterator<byte[]> source, List<BlockingQueue<byte[]>> queues) {
        try {
            while (source.hasNext() && !Thread.currentThread().isInterrupted()) {
                byte[] chunk = source.next();
                for (BlockingQueue<byte[]> queue : queues) {
                    queue.put(chunk);
                }
            }
        } catch (InterruptedException e) {
            return; // stopping: the sessions are interrupted too
        } catch (RuntimeException e) {
            state.error("audio source failed: " + e.getMessage());
        }
        // put, not offer: a session still working through a full queue (the slow one, on a busy
        // machine) must get its end, or it waits for audio forever. A session that is gone or
        // stopping does not hold this up: stopping interrupts this thread.
        try {
            for (BlockingQueue<byte[]> queue : queues) {
                queue.put(END);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stream(boolean fast, BlockingQueue<byte[]> queue, AudioFormat format, ServerTranscriber remote,
            ModelRegistry models) {
        int delay = fast ? fastDelayMs : slowDelayMs;
        try {
            if (remote != null) {
                remote.transcribe(drain(queue), format, modelId(fast), delay, event -> onEvent(fast, event));
            } else {
                transcribeLocally(fast, queue, format, models.require(modelId(fast)), delay);
            }
            state.done(fast);
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted()) {
                state.error(e.getMessage());
            }
        }
        finishIfDone();
    }

    private void onEvent(boolean fast, ServerEvent event) {
        switch (event) {
            case ServerEvent.SessionCreated created -> state.status(fast, DualState.LISTENING);
            case ServerEvent.TextDelta(String text) -> state.append(fast, text);
            default -> { }
        }
    }

    private void transcribeLocally(boolean fast, BlockingQueue<byte[]> queue, AudioFormat format, SpeechEngine engine,
            int delay) {
        state.status(fast, DualState.LISTENING);
        StreamingTranscriber.transcribe(engine, format, StreamOptions.ofDelay(new TargetDelay(delay).millis()),
                drain(queue), event -> {
                    if (event instanceof TextCommit commit) {
                        state.append(fast, commit.text());
                    }
                });
    }

    /** The seed's {@code queue_audio_iter}: chunks until the end marker, taken as they are asked for. */
    private static Iterator<byte[]> drain(BlockingQueue<byte[]> queue) {
        return Stream.generate(() -> take(queue)).takeWhile(chunk -> chunk != END).iterator();
    }

    /** The next chunk; an interrupt ends the audio. */
    private static byte[] take(BlockingQueue<byte[]> queue) {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return END;
        }
    }

    private void finishIfDone() {
        DualState.Snapshot now = state.snapshot();
        if (now.error() != null || now.fastDone() && now.slowDone()) {
            finished.countDown();
        }
    }

    /** The UI loop, on the calling thread: redraws until both sessions end, an error, or ctrl+c. */
    private DualState.Snapshot ui(Terminal terminal) throws InterruptedException {
        DualView view = new DualView(modelId(true), modelId(false), fastDelayMs, slowDelayMs);
        Display display = new Display(terminal, true);
        terminal.enterRawMode();
        terminal.puts(Capability.enter_ca_mode);
        terminal.puts(Capability.cursor_invisible);
        try {
            while (true) {
                boolean last = finished.getCount() == 0;
                DualState.Snapshot snapshot = state.snapshot();
                Size size = terminal.getSize();
                int rows = size.getRows() > 0 ? size.getRows() : 24;
                int columns = size.getColumns() > 0 ? size.getColumns() : 80;
                display.resize(rows, columns);
                display.update(view.render(snapshot, columns, rows), 0);
                terminal.flush();
                if (last) {
                    return snapshot;
                }
                state.awaitChange(REDRAW_MS);
            }
        } finally {
            terminal.puts(Capability.cursor_visible);
            terminal.puts(Capability.exit_ca_mode);
            terminal.flush();
        }
    }
}
