package dev.earshot.cluster;

import dev.earshot.client.RealtimeClient;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.server.ServerConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * One {@code transcribeStream} read to its end, paced like a live source, with what the caller
 * saw: every delta and when, the segments, the {@code transcription.done}.
 */
final class RecordedStream {

    /** 100 ms of 16 kHz 16-bit mono, what a live source sends at a time. */
    static final int CHUNK_100_MS = 3200;

    final List<String> deltas = new ArrayList<>();
    final List<Long> deltaNanos = new ArrayList<>();
    final List<ServerEvent.Segment> segments = new ArrayList<>();
    ServerEvent.TranscriptionDone done;

    /**
     * Streams {@code audio} in 100 ms chunks, one every {@code paceMillis}, handing each event and
     * the record so far to {@code onEvent} (on the reading thread) before it is recorded.
     */
    static RecordedStream run(RealtimeClient client, byte[] audio, long paceMillis,
            BiConsumer<ServerEvent, RecordedStream> onEvent) {
        RecordedStream record = new RecordedStream();
        try (Stream<ServerEvent> events = client.audio().realtime()
                .transcribeStream(paced(audio, paceMillis), ServerConfig.SEED_MODEL_ID, null, null)) {
            for (Iterator<ServerEvent> it = events.iterator(); it.hasNext(); ) {
                ServerEvent event = it.next();
                onEvent.accept(event, record);
                switch (event) {
                    case ServerEvent.TextDelta delta -> {
                        record.deltas.add(delta.text());
                        record.deltaNanos.add(System.nanoTime());
                    }
                    case ServerEvent.Segment segment -> record.segments.add(segment);
                    case ServerEvent.TranscriptionDone done -> record.done = done;
                    default -> { }
                }
            }
        }
        return record;
    }

    String text() {
        return String.join("", deltas);
    }

    /** The longest time between two deltas, in milliseconds. */
    long longestGapMillis() {
        long longest = 0;
        for (int i = 1; i < deltaNanos.size(); i++) {
            longest = Math.max(longest, (deltaNanos.get(i) - deltaNanos.get(i - 1)) / 1_000_000);
        }
        return longest;
    }

    private static Iterator<byte[]> paced(byte[] audio, long paceMillis) {
        return new Iterator<>() {
            private int at;

            @Override
            public boolean hasNext() {
                return at < audio.length;
            }

            @Override
            public byte[] next() {
                try {
                    Thread.sleep(paceMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] chunk = Arrays.copyOfRange(audio, at, Math.min(audio.length, at + CHUNK_100_MS));
                at += CHUNK_100_MS;
                return chunk;
            }
        };
    }
}
