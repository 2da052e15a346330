package dev.earshot.client;

import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.ServerEvent;
import java.io.InputStream;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Realtime transcription, as {@code client.audio.realtime} of the official SDKs.
 *
 * <p>In every method {@code audioFormat} and {@code targetStreamingDelayMs} may be null:
 * when both are, no {@code session.update} is sent and the server's defaults apply.
 * {@code model} is never null.
 */
public interface RealtimeTranscription {

    /**
     * Transcribes a stream of raw PCM chunks. Connects (blocking until
     * {@code session.created}), then on a virtual thread sends each chunk as
     * {@code input_audio.append} (splitting any above 262,144 bytes), then
     * {@code input_audio.flush} and {@code input_audio.end}.
     *
     * <p>The returned stream yields every event, starting with {@code session.created}, and
     * ends after {@code transcription.done} or {@code error}, when the connection is closed
     * with code 1000. If the connection ends before that, or {@code audio} throws, the
     * stream's next call throws {@link RealtimeException}. Close the stream (try-with-
     * resources) to stop early; that closes the connection and stops the sender.
     *
     * @throws RealtimeException if the connection cannot be opened
     */
    Stream<ServerEvent> transcribeStream(Iterator<byte[]> audio, String model, AudioFormatSpec audioFormat,
            Integer targetStreamingDelayMs);

    /** As {@link #transcribeStream(Iterator, String, AudioFormatSpec, Integer)}. */
    default Stream<ServerEvent> transcribeStream(Iterable<byte[]> audio, String model, AudioFormatSpec audioFormat,
            Integer targetStreamingDelayMs) {
        return transcribeStream(audio.iterator(), model, audioFormat, targetStreamingDelayMs);
    }

    /** As {@link #transcribeStream(Iterator, String, AudioFormatSpec, Integer)}, reading the
     *  stream as chunks of whatever each {@code read} returns (at most 16 KiB), until end of
     *  stream. The stream is not closed. */
    Stream<ServerEvent> transcribeStream(InputStream audio, String model, AudioFormatSpec audioFormat,
            Integer targetStreamingDelayMs);

    /** As {@link #transcribeStream(Iterator, String, AudioFormatSpec, Integer)}, subscribing to
     *  {@code audio} with bounded demand; {@code onError} from it fails the stream. */
    Stream<ServerEvent> transcribeStream(Flow.Publisher<byte[]> audio, String model, AudioFormatSpec audioFormat,
            Integer targetStreamingDelayMs);

    /**
     * The asynchronous form: runs {@link #transcribeStream(Flow.Publisher, String,
     * AudioFormatSpec, Integer)} on a virtual thread, passing every event to
     * {@code onEvent} in order, from that one thread.
     *
     * @return completes with the last event ({@code transcription.done} or {@code error}),
     *         or exceptionally with {@link RealtimeException}; cancelling it closes the
     *         connection
     */
    CompletableFuture<ServerEvent> transcribeAsync(Flow.Publisher<byte[]> audio, String model,
            AudioFormatSpec audioFormat, Integer targetStreamingDelayMs, Consumer<? super ServerEvent> onEvent);

    /**
     * Opens a session and waits for {@code session.created}; sends {@code session.update}
     * after it when {@code audioFormat} or {@code targetStreamingDelayMs} is given.
     *
     * @throws RealtimeException if the handshake fails, the server sends {@code error} first
     *         (carrying its message and code), or no {@code session.created} comes in time
     */
    RealtimeConnection connect(String model, AudioFormatSpec audioFormat, Integer targetStreamingDelayMs);
}
