package dev.earshot.examples;

import dev.earshot.client.RealtimeClient;
import dev.earshot.protocol.AudioFormatSpec;
import dev.earshot.protocol.ServerEvent;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * The seed's "Basic Usage": transcribe any stream of audio, here the PCM of a WAV file in
 * 100 ms chunks.
 *
 * <pre>
 * MISTRAL_API_KEY=... MISTRAL_BASE_URL=http://127.0.0.1:8000 \
 *     java -cp ... dev.earshot.examples.TranscribeStreamExample FILE.wav [BASE_URL]
 * </pre>
 */
public final class TranscribeStreamExample {

    private TranscribeStreamExample() {
    }

    public static void main(String[] args) throws Exception {
        String apiKey = System.getenv("MISTRAL_API_KEY");
        RealtimeClient.Builder builder = RealtimeClient.builder().apiKey(apiKey);
        if (args.length > 1) {
            builder.baseUrl(args[1]); // else MISTRAL_BASE_URL, else Mistral's own service
        }
        RealtimeClient client = builder.build();

        AudioFormatSpec audioFormat = new AudioFormatSpec("pcm_s16le", 16000);
        List<byte[]> audioStream = readPcm(new File(args[0]), audioFormat.sampleRate(), 100);

        try (client; Stream<ServerEvent> events = client.audio().realtime().transcribeStream(
                audioStream, // the audio stream is any Iterable or Iterator of byte[], an InputStream or a Flow.Publisher
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

    /** The file as 16-bit mono little-endian PCM at {@code sampleRate}, in chunks of {@code chunkMs}. */
    static List<byte[]> readPcm(File file, int sampleRate, int chunkMs)
            throws IOException, UnsupportedAudioFileException {
        AudioFormat pcm = new AudioFormat(sampleRate, 16, 1, true, false);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(pcm, AudioSystem.getAudioInputStream(file))) {
            byte[] all = in.readAllBytes();
            int chunk = sampleRate * 2 * chunkMs / 1000;
            List<byte[]> chunks = new ArrayList<>();
            for (int i = 0; i < all.length; i += chunk) {
                chunks.add(Arrays.copyOfRange(all, i, Math.min(all.length, i + chunk)));
            }
            return chunks;
        }
    }
}
