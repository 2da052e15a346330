package dev.earshot.protocol;

import java.util.Objects;

/**
 * A message from client to server: one record per wire {@code type}, so a server handles
 * them with an exhaustive {@code switch}. {@link ProtocolCodec} turns JSON into these and back.
 */
public sealed interface ClientEvent {

    /** The wire {@code type} of this message, for example {@code input_audio.append}. */
    String type();

    /**
     * {@code session.update}: change the audio format or target delay before audio starts.
     *
     * @param session the requested changes; never null
     */
    record SessionUpdate(SessionConfig session) implements ClientEvent {
        public static final String TYPE = "session.update";

        /** Throws {@link NullPointerException} if {@code session} is null. */
        public SessionUpdate {
            Objects.requireNonNull(session, "session");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code input_audio.append}: the next piece of audio.
     *
     * <p>The audio stays base64 text as on the wire: decoding, and the size limit, are
     * {@link ProtocolCodec#audioBytes}'s job, so that a server can reject an oversized
     * chunk before allocating it.
     *
     * @param audio base64 (RFC 4648, standard alphabet, padded) of raw PCM; never null
     */
    record InputAudioAppend(String audio) implements ClientEvent {
        public static final String TYPE = "input_audio.append";

        /** Throws {@link NullPointerException} if {@code audio} is null. */
        public InputAudioAppend {
            Objects.requireNonNull(audio, "audio");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code input_audio.flush}: transcribe everything received so far, now. */
    record InputAudioFlush() implements ClientEvent {
        public static final String TYPE = "input_audio.flush";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code input_audio.end}: no more audio will come; finish and send {@code transcription.done}. */
    record InputAudioEnd() implements ClientEvent {
        public static final String TYPE = "input_audio.end";

        @Override
        public String type() {
            return TYPE;
        }
    }
}
