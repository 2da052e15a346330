package dev.earshot.client;

import dev.earshot.protocol.AudioFormatSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * The audio a resumed session hears again: the stream from its start, or, once more than the
 * bound was sent, from the end of the oldest finished segment that keeps it within the bound.
 * Positions are byte offsets from the start of the stream.
 *
 * <p>Why more than the segment in flight: an engine adapts to the speaker as it goes (PocketSphinx
 * its cepstral mean), so a session that starts mid-stream hears the following words differently
 * from the one that was lost; given the stream from its start it says exactly the same. When no
 * segment ends within the bound, the oldest audio is dropped anyway, mid-segment, and words at
 * that cut may be lost. Thread-safe: the sender adds while the reader marks segment ends.
 */
final class KeptAudio {

    /** The kept audio at one moment: where it starts in the stream, and its chunks in order. */
    record Snapshot(double startSeconds, List<byte[]> chunks) {

        long bytes() {
            return chunks.stream().mapToLong(c -> c.length).sum();
        }
    }

    private final int frameBytes;
    private final double bytesPerSecond;
    private final long maxBytes;
    /** Chunks from {@link #start} on, in order. Guarded by this. */
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    /** Ends of finished segments after {@link #start}, in order: where the kept audio may start. */
    private final ArrayDeque<Long> segmentEnds = new ArrayDeque<>();
    private long start;
    private long end;

    /**
     * @param frameBytes     bytes of one sample, so that a cut never splits one
     * @param bytesPerSecond bytes of one second of the stream
     * @param maxBytes       most bytes kept
     */
    KeptAudio(int frameBytes, double bytesPerSecond, long maxBytes) {
        this.frameBytes = frameBytes;
        this.bytesPerSecond = bytesPerSecond;
        this.maxBytes = Math.max(maxBytes, frameBytes);
    }

    /**
     * Kept audio for a stream in {@code format}, at most {@code limit} of it; null for an encoding
     * this client does not know, whose times it cannot turn into bytes.
     */
    static KeptAudio of(AudioFormatSpec format, Duration limit) {
        int frame = switch (format.encoding()) {
            case "pcm_mulaw", "pcm_alaw" -> 1;
            case "pcm_s16le", "pcm_f16le" -> 2;
            case "pcm_s32le", "pcm_f32le" -> 4;
            default -> 0;
        };
        if (frame == 0) {
            return null;
        }
        double bytesPerSecond = (double) frame * format.sampleRate();
        return new KeptAudio(frame, bytesPerSecond, (long) (bytesPerSecond * limit.toMillis() / 1000));
    }

    /** Keeps {@code chunk}, the next audio of the stream, dropping the oldest beyond the bound. */
    synchronized void add(byte[] chunk) {
        chunks.addLast(chunk);
        end += chunk.length;
        if (end - start <= maxBytes) {
            return;
        }
        while (!segmentEnds.isEmpty() && end - segmentEnds.peekFirst() > maxBytes) {
            segmentEnds.removeFirst();
        }
        dropBefore(segmentEnds.isEmpty() ? end - maxBytes : segmentEnds.removeFirst());
    }

    /** The server finished a segment at {@code seconds} of stream time: the audio may start there. */
    synchronized void segmentEnded(double seconds) {
        long position = (long) (seconds * bytesPerSecond);
        position -= Math.floorMod(position, frameBytes);
        if (position > start && position <= end && (segmentEnds.isEmpty() || position > segmentEnds.peekLast())) {
            segmentEnds.addLast(position);
        }
    }

    double bytesPerSecond() {
        return bytesPerSecond;
    }

    /** What is kept now. */
    synchronized Snapshot snapshot() {
        return new Snapshot(start / bytesPerSecond, List.copyOf(chunks));
    }

    private void dropBefore(long position) {
        // Up to a whole sample, so that the bound holds and a new session never starts mid-sample.
        long target = Math.min(end, position + Math.floorMod(-position, frameBytes));
        segmentEnds.removeIf(p -> p <= target);
        while (start < target) {
            byte[] first = chunks.removeFirst();
            long cut = target - start;
            if (cut < first.length) {
                chunks.addFirst(Arrays.copyOfRange(first, (int) cut, first.length));
                start = target;
            } else {
                start += first.length;
            }
        }
    }
}
