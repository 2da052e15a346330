package dev.earshot.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A message from server to client: one record per wire {@code type}, plus
 * {@link UnknownEvent} for what a client cannot make sense of, so callers handle them with
 * an exhaustive {@code switch}. {@link ProtocolCodec} turns these into JSON and back.
 */
public sealed interface ServerEvent {

    /** The wire {@code type}; for {@link UnknownEvent} the type received, possibly null. */
    String type();

    /** {@code session.created}: the first message of every session. */
    record SessionCreated(SessionInfo session) implements ServerEvent {
        public static final String TYPE = "session.created";

        /** Throws {@link NullPointerException} if {@code session} is null. */
        public SessionCreated {
            Objects.requireNonNull(session, "session");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code session.updated}: the whole session after a {@code session.update}. */
    record SessionUpdated(SessionInfo session) implements ServerEvent {
        public static final String TYPE = "session.updated";

        /** Throws {@link NullPointerException} if {@code session} is null. */
        public SessionUpdated {
            Objects.requireNonNull(session, "session");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code transcription.text.delta}: newly committed text. Append-only: the concatenation
     * of all deltas of a session is its transcript.
     */
    record TextDelta(String text) implements ServerEvent {
        public static final String TYPE = "transcription.text.delta";

        /** Throws {@link NullPointerException} if {@code text} is null. */
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code transcription.segment}: a finished stretch of transcript with its times.
     *
     * @param start     seconds from the start of the stream; finite
     * @param end       seconds from the start of the stream; finite
     * @param speakerId the speaker, or null (omitted on the wire)
     */
    record Segment(String text, double start, double end, String speakerId) implements ServerEvent {
        public static final String TYPE = "transcription.segment";

        /** Throws for a null text or a non-finite time. */
        public Segment {
            Objects.requireNonNull(text, "text");
            Times.requireFinite("start", start);
            Times.requireFinite("end", end);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code transcription.language}: the language heard, as a code such as {@code en}. */
    record LanguageDetected(String audioLanguage) implements ServerEvent {
        public static final String TYPE = "transcription.language";

        /** Throws {@link NullPointerException} if {@code audioLanguage} is null. */
        public LanguageDetected {
            Objects.requireNonNull(audioLanguage, "audioLanguage");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code transcription.done}: the last message of a session that ended normally.
     *
     * @param model    the model id; never null
     * @param text     the whole transcript; never null
     * @param segments the segments; never null, empty when the server sent none
     * @param usage    never null; {@link Usage#EMPTY} when the server sent none
     * @param language the language code, or null; always written, as explicit null if null
     */
    record TranscriptionDone(String model, String text, List<DoneSegment> segments, Usage usage,
            String language) implements ServerEvent {
        public static final String TYPE = "transcription.done";

        /** Null segments become an empty list, a null usage {@link Usage#EMPTY}. */
        public TranscriptionDone {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(text, "text");
            segments = segments == null ? List.of() : List.copyOf(segments);
            usage = usage == null ? Usage.EMPTY : usage;
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code error}: something went wrong; see {@link ErrorCode} for Earshot's codes. */
    record ErrorEvent(ErrorInfo error) implements ServerEvent {
        public static final String TYPE = "error";

        /** Throws {@link NullPointerException} if {@code error} is null. */
        public ErrorEvent {
            Objects.requireNonNull(error, "error");
        }

        /** The error Earshot sends for {@code code}. */
        public static ErrorEvent of(ErrorCode code, String message) {
            return new ErrorEvent(ErrorInfo.of(code, message));
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * A message a client received but could not read: an unknown {@code type}, or a known
     * one that does not fit its schema. Only {@link ProtocolCodec#readServerEvent} makes these;
     * a caller may skip them. A server never sends one.
     *
     * @param type    the message's {@code type} if it had a string one, else null
     * @param rawJson the message exactly as received; never null
     */
    record UnknownEvent(String type, String rawJson) implements ServerEvent {

        /** Throws {@link NullPointerException} if {@code rawJson} is null. */
        public UnknownEvent {
            Objects.requireNonNull(rawJson, "rawJson");
        }
    }
}
