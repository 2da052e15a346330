package dev.earshot.examples;

import dev.earshot.client.RealtimeClient;
import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.ServerEvent;
import java.util.Iterator;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;

/**
 * The seed's microphone example: stream the microphone (Java Sound, 16-bit mono, so always
 * {@code pcm_s16le}) in 480 ms chunks until ctrl+c.
 *
 * <pre>
 * MISTRAL_API_KEY=... MISTRAL_BASE_URL=http://127.0.0.1:8000 \
 *     java -cp ... dev.earshot.examples.MicrophoneExample [BASE_URL]
 * </pre>
 */
public final class MicrophoneExample {

    private MicrophoneExample() {
    }

    public static void main(String[] args) throws Exception {
        String apiKey = System.getenv("MISTRAL_API_KEY");
        RealtimeClient.Builder builder = RealtimeClient.builder().apiKey(apiKey);
        if (args.length > 0) {
            builder.baseUrl(args[0]);
        }
        RealtimeClient client = builder.build();

        // The microphone is always pcm_s16le here.
        AudioFormatSpec audioFormat = new AudioFormatSpec("pcm_s16le", 16000);
        Iterator<byte[]> audioStream = iterMicrophone(audioFormat.sampleRate(), 480);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("Stopping...")));

        try (client; Stream<ServerEvent> events = client.audio().realtime().transcribeStream(
                audioStream,
                "voxtral-mini-transcribe-realtime-2602",
                audioFormat,
                null)) {
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

    /** Microphone PCM chunks (16-bit mono little-endian) of {@code chunkDurationMs}, endlessly. */
    static Iterator<byte[]> iterMicrophone(int sampleRate, int chunkDurationMs) throws LineUnavailableException {
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        TargetDataLine line = AudioSystem.getTargetDataLine(format);
        int chunkBytes = sampleRate * 2 * chunkDurationMs / 1000;
        line.open(format, chunkBytes * 2);
        line.start();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public byte[] next() {
                byte[] chunk = new byte[chunkBytes];
                for (int filled = 0; filled < chunk.length; ) {
                    filled += line.read(chunk, filled, chunk.length - filled);
                }
                return chunk;
            }
        };
    }
}
