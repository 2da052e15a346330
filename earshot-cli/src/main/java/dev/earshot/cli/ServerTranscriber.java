package dev.earshot.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.earshot.audio.AudioFormat;
import dev.earshot.client.RealtimeClient;
import dev.earshot.client.RealtimeException;
import dev.earshot.client.Resumption;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.server.WireFormats;
import dev.earshot.streaming.Transcript;
import dev.earshot.streaming.TranscriptSegment;

/**
 * Transcribes over the realtime protocol with the SDK, for the commands given {@code --server}.
 * Streams resume after a lost connection or server (the SDK's resume, {@link #KEPT_AUDIO}).
 * Failures come out as one-line {@link CommandFailure}s that name the server and the cause.
 */
final class ServerTranscriber implements AutoCloseable {

    /** Audio kept to resume a stream: the SDK's example bound, about 1.9 MB at 16 kHz. */
    static final Duration KEPT_AUDIO = Duration.ofSeconds(60);

    private final RealtimeClient client;
    private final String server;

    /** @param notices where a resume is reported, one line each; null for nowhere (a full-screen view) */
    ServerTranscriber(String server, String apiKey, PrintWriter notices) {
        this.server = server;
        Consumer<Resumption> onResume = notices == null ? r -> { } : r -> {
            notices.println(describe(r));
            notices.flush();
        };
        try {
            this.client = RealtimeClient.builder().baseUrl(server).apiKey(apiKey)
                    .resume(KEPT_AUDIO).onResume(onResume).build();
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("bad --server: " + e.getMessage());
        }
    }

    /**
     * Streams {@code audio}, passing every event to {@code onEvent} as it comes, and returns the
     * transcript of {@code transcription.done}. Blocks until then.
     *
     * @throws CommandFailure if the server cannot be reached, refuses, or reports an error
     */
    Transcript transcribe(Iterator<byte[]> audio, AudioFormat format, String model, Integer delayMs,
            Consumer<ServerEvent> onEvent) {
        try (Stream<ServerEvent> events = client.audio().realtime()
                .transcribeStream(audio, model, WireFormats.toWire(format), delayMs)) {
            for (Iterator<ServerEvent> it = events.iterator(); it.hasNext(); ) {
                ServerEvent event = it.next();
                onEvent.accept(event);
                switch (event) {
                    case ServerEvent.TranscriptionDone done -> {
                        return transcript(done);
                    }
                    case ServerEvent.ErrorEvent error -> throw new CommandFailure(
                            "server error " + error.error().code() + ": " + error.error().messageText());
                    default -> { }
                }
            }
            throw new CommandFailure("the server at " + server + " ended the stream without transcription.done");
        } catch (RealtimeException e) {
            throw new CommandFailure(describe(e));
        }
    }

    /** One line for a resumed stream. */
    String describe(Resumption r) {
        return String.format("connection to %s lost (%s); resumed in a new session after %d ms, %.1f s of audio sent again",
                server, r.cause().getMessage(), r.reconnect().toMillis(), r.resentSeconds());
    }

    /** The SDK's message, said the way a user needs it: what failed and where. */
    String describe(RealtimeException e) {
        return switch (e.errorCode()) {
            case 401 -> "the server at " + server + " refused the API key (" + e.getMessage()
                    + "): pass --api-key or set MISTRAL_API_KEY";
            case 404 -> e.getMessage();
            default -> e.getMessage().startsWith("cannot connect")
                    ? "cannot reach the server at " + server + " (is it running?): " + rootCause(e)
                    : e.getMessage();
        };
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }

    private static Transcript transcript(ServerEvent.TranscriptionDone done) {
        List<TranscriptSegment> segments = done.segments().stream()
                .map(s -> new TranscriptSegment(s.text(), s.start(), s.end())).toList();
        Integer seconds = done.usage().promptAudioSeconds();
        return new Transcript(done.text(), segments, seconds == null ? 0 : seconds);
    }

    /** Releases the SDK client; a transcription still running ends with a failure. */
    @Override
    public void close() {
        client.close();
    }
}
