package dev.earshot.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Converts between JSON text frames and {@link ClientEvent}s / {@link ServerEvent}s.
 *
 * <p>Two directions, two attitudes. {@link #readClientEvent} is the server's: strict, bounded,
 * and every rejection is a {@link ProtocolException} whose message says what was expected
 * and what was found, ready for an {@code error} event. {@link #readServerEvent} is the
 * client's: lenient like the official SDKs, it never fails on content and turns what it
 * cannot read into an {@link ServerEvent.UnknownEvent}. Both ignore fields they do not know.
 *
 * <p>Instances hold no state of their own and are safe to share between threads; the
 * Jackson mappers inside are shared by all instances.
 */
public final class ProtocolCodec {

    /** Largest decoded size of one {@code input_audio.append}, from the protocol (256 KiB). */
    public static final int MAX_AUDIO_CHUNK_BYTES = 262_144;

    /** Deepest nesting a client message may have. Legal messages nest 3 deep; the limit
     *  stops a 10,000-deep document before it costs stack or memory. */
    static final int MAX_CLIENT_NESTING_DEPTH = 64;

    /** Longest string a client message may hold: the base64 of the largest legal append is
     *  349,528 characters, plus headroom for a server configured with a slightly larger
     *  limit. A 10 MB string fails at this many characters, before it is buffered whole. */
    static final int MAX_CLIENT_STRING_CHARS = 400_000;

    private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_CLIENT_NESTING_DEPTH)
                    .maxStringLength(MAX_CLIENT_STRING_CHARS)
                    .build())
            // Two "type" fields would make the message mean whichever one we read last.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    /** Jackson's default limits: a client must accept a transcript longer than any audio
     *  chunk, and the WebSocket layer bounds the size of a message already. */
    private static final ObjectMapper LENIENT = new ObjectMapper();

    private static final Pattern START_MARKER = Pattern.compile(" ?\\(start marker at \\[[^]]*\\]\\)");

    private static final EventWriter WRITER = new EventWriter(LENIENT);
    private static final ServerEventReader SERVER_READER = new ServerEventReader(LENIENT);

    /**
     * Reads a client message strictly.
     *
     * @param json one text frame; never null
     * @return the event; never null
     * @throws ProtocolException with {@link ErrorCode#BAD_REQUEST} when the text is not a
     *         JSON object, exceeds the nesting or string limits, has no known string
     *         {@code type}, or a field of its type is missing or of the wrong JSON type
     */
    public ClientEvent readClientEvent(String json) throws ProtocolException {
        Objects.requireNonNull(json, "json");
        return ClientEventReader.read(parseStrict(json));
    }

    /**
     * The raw bytes of an append's base64 audio, checking its size before allocating it.
     *
     * <p>Padding is required (RFC 4648 section 3.2 makes it mandatory unless a protocol says
     * otherwise, and every official SDK pads): so a chunk cut short in transit is reported
     * instead of silently losing its last bytes, and the decoded size is exact from the
     * length alone. Only the standard alphabet is accepted, without line breaks.
     *
     * @param maxBytes the largest decoded size accepted, at least 0
     * @return the raw audio bytes; empty for an empty string
     * @throws ProtocolException {@link ErrorCode#BAD_REQUEST} for text that is not padded
     *         standard base64, {@link ErrorCode#PAYLOAD_TOO_LARGE} when it decodes to more
     *         than {@code maxBytes}
     */
    public byte[] audioBytes(ClientEvent.InputAudioAppend event, int maxBytes) throws ProtocolException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be at least 0, was " + maxBytes);
        }
        String audio = event.audio();
        int length = audio.length();
        if (length % 4 != 0) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "invalid base64 in 'audio': length "
                    + length + " is not a multiple of 4 (padding with '=' is required)");
        }
        int padding = length == 0 ? 0 : (audio.charAt(length - 1) == '=' ? 1 : 0)
                + (length > 1 && audio.charAt(length - 2) == '=' ? 1 : 0);
        long decodedSize = (long) length / 4 * 3 - padding;
        if (decodedSize > maxBytes) {
            throw new ProtocolException(ErrorCode.PAYLOAD_TOO_LARGE, "audio chunk of " + decodedSize
                    + " bytes exceeds the limit of " + maxBytes + " bytes");
        }
        try {
            return Base64.getDecoder().decode(audio);
        } catch (IllegalArgumentException e) {
            requireAlphabet(audio, length - padding);
            throw new ProtocolException(ErrorCode.BAD_REQUEST, "invalid base64 in 'audio': " + e.getMessage());
        }
    }

    /**
     * The JDK names a bad character by its hex code only; name it and its place instead. Only
     * called once decoding failed: a pass over every chunk was the server's largest Java cost
     * after Jetty's own (a profile of 8 streams).
     */
    private static void requireAlphabet(String audio, int dataLength) throws ProtocolException {
        for (int i = 0; i < dataLength; i++) {
            char c = audio.charAt(i);
            boolean legal = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (!legal) {
                String what = c == '=' ? "padding '=' before the end"
                        : c > ' ' && c < 127 ? "character '" + c + "'" : String.format("character U+%04X", (int) c);
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "invalid base64 in 'audio': " + what
                        + " at index " + i + " (expected the standard alphabet A-Z a-z 0-9 + /)");
            }
        }
    }

    /**
     * Reads a server message leniently, as the official SDKs do. Never throws for any
     * content: an unknown {@code type}, or a message that does not fit the schema of its
     * type, becomes an {@link ServerEvent.UnknownEvent} carrying the text as received.
     *
     * @param json one text frame; never null
     */
    public ServerEvent readServerEvent(String json) {
        Objects.requireNonNull(json, "json");
        String type = null;
        try {
            JsonNode message = LENIENT.readTree(json);
            if (message == null || !message.isObject()) {
                return new ServerEvent.UnknownEvent(null, json);
            }
            JsonNode typeNode = message.get("type");
            type = typeNode != null && typeNode.isTextual() ? typeNode.textValue() : null;
            ServerEvent event = type == null ? null : SERVER_READER.read(type, JsonFields.of(message));
            return event != null ? event : new ServerEvent.UnknownEvent(type, json);
        } catch (ProtocolException | IOException | RuntimeException unreadable) {
            // RuntimeException too: a record's own check (a non-finite time, say) is a schema
            // failure like any other, and a client must not die of a server's mistake.
            return new ServerEvent.UnknownEvent(type, json);
        }
    }

    /** The JSON text frame for a server event. An {@link ServerEvent.UnknownEvent} is
     *  written as the text it was read from. */
    public String encode(ServerEvent event) {
        return WRITER.write(Objects.requireNonNull(event, "event"));
    }

    /**
     * The body of a batch transcription's response ({@code POST /v1/audio/transcriptions},
     * Mistral's {@code TranscriptionResponse}): {@code model}, {@code text}, {@code segments},
     * {@code usage} and {@code language} exactly as {@code transcription.done} writes them, so
     * that the two share one shape; only the {@code type} field is left out.
     */
    public String encodeTranscription(ServerEvent.TranscriptionDone done) {
        return WRITER.writeResponse(Objects.requireNonNull(done, "done"));
    }

    /** The JSON text frame for a client event. */
    public String encode(ClientEvent event) {
        return WRITER.write(Objects.requireNonNull(event, "event"));
    }

    private static JsonNode parseStrict(String json) throws ProtocolException {
        try (JsonParser parser = STRICT.createParser(json)) {
            JsonNode message = STRICT.readTree(parser);
            if (message == null || message.isMissingNode()) {
                throw JsonFields.badRequest("malformed JSON: empty message");
            }
            if (parser.nextToken() != null) {
                throw JsonFields.badRequest("malformed JSON: unexpected content after the end of the "
                        + JsonFields.kind(message));
            }
            return message;
        } catch (StreamConstraintsException e) {
            throw JsonFields.badRequest(limitMessage(e));
        } catch (JsonProcessingException e) {
            throw JsonFields.badRequest("malformed JSON: " + shortReason(e));
        } catch (IOException e) {
            // Reading from a String does no I/O; keep the reason all the same.
            throw JsonFields.badRequest("malformed JSON: " + e.getMessage());
        }
    }

    /** Jackson's limit messages name its own configuration methods; say it in our terms. */
    private static String limitMessage(StreamConstraintsException e) {
        String reason = e.getOriginalMessage();
        if (reason.contains("nesting depth")) {
            return "JSON nested deeper than " + MAX_CLIENT_NESTING_DEPTH + " levels";
        }
        if (reason.contains("String value length")) {
            return "JSON string longer than " + MAX_CLIENT_STRING_CHARS + " characters";
        }
        return "JSON exceeds a limit: " + shortReason(e);
    }

    /** Jackson's reason without its multi-line source excerpt, with line and column. */
    private static String shortReason(JsonProcessingException e) {
        String reason = e.getOriginalMessage();
        int newline = reason.indexOf('\n');
        if (newline >= 0) {
            reason = reason.substring(0, newline);
        }
        // Jackson points at where an unclosed object began with a source excerpt that is
        // redacted anyway; the line and column we add say enough.
        reason = START_MARKER.matcher(reason).replaceAll("");
        if (reason.length() > 200) {
            reason = reason.substring(0, 200) + "...";
        }
        var location = e.getLocation();
        return location == null ? reason
                : reason + " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
