package dev.earshot.examples;

import dev.earshot.client.RealtimeClient;
import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.ServerEvent;
import java.io.File;
import java.util.List;
import java.util.stream.Stream;

/**
 * The seed's "Target delay": the same stream, with {@code target_streaming_delay_ms=1000}, so
 * the server waits for a second of right context before it commits a word.
 *
 * <pre>
 * MISTRAL_API_KEY=... MISTRAL_BASE_URL=http://127.0.0.1:8000 \
 *     java -cp ... dev.earshot.examples.TargetDelayExample FILE.wav [BASE_URL]
 * </pre>
 */
public final class TargetDelayExample {

    private TargetDelayExample() {
    }

    public static void main(String[] args) throws Exception {
        String apiKey = System.getenv("MISTRAL_API_KEY");
        RealtimeClient.Builder builder = RealtimeClient.builder().apiKey(apiKey);
        if (args.length > 1) {
            builder.baseUrl(args[1]);
        }
        RealtimeClient client = builder.build();

        AudioFormatSpec audioFormat = new AudioFormatSpec("pcm_s16le", 16000);
        List<byte[]> audioStream = TranscribeStreamExample.readPcm(new File(args[0]), audioFormat.sampleRate(), 100);

        try (client; Stream<ServerEvent> events = client.audio().realtime().transcribeStream(
                audioStream,
                "voxtral-mini-transcribe-realtime-2602",
                audioFormat,
                1000)) {
            events.forEach(event -> {
                switch (event) {
                    case ServerEvent.SessionCreated created -> System.out.println("Session created.");
                    case ServerEvent.TextDelta delta -> {
                        System.out.print(delta.text());
                        System.out.flush();
                    }
                    case ServerEvent.TranscriptionDone done -> System.out.println("Transcription done.");
                    case ServerEvent.ErrorEvent error -> System.out.println("Error: " + error);
                    case ServerEvent.UnknownEvent unknown -> System.out.println("Unknown event: " + unknown);
                    default -> { }
                }
            });
        }
    }
}
