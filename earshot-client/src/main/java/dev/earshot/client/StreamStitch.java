package dev.earshot.client;

import dev.earshot.protocol.DoneSegment;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.protocol.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the sessions of one resumed stream read as one: the caller sees one
 * {@code session.created}, text that never repeats ({@link TextSplice}), times from the start of
 * the stream, and a {@code transcription.done} whose text is exactly the deltas it was given.
 *
 * <p>Until the first resume every event passes unchanged. Not thread-safe: the reader's alone.
 */
final class StreamStitch {

    private final TextSplice text = new TextSplice();
    /** Every segment finished so far, in stream time. */
    private final List<DoneSegment> segments = new ArrayList<>();
    /** Where the current session starts in the stream, in seconds. */
    private double offset;
    private int resumes;
    private String language;

    /** The event as the caller sees it, or null when it must not see it. */
    ServerEvent apply(ServerEvent event) {
        return switch (event) {
            case ServerEvent.SessionCreated created -> resumes == 0 ? created : null;
            case ServerEvent.SessionUpdated updated -> resumes == 0 ? updated : null;
            case ServerEvent.TextDelta delta -> textDelta(delta);
            case ServerEvent.Segment segment -> segment(segment);
            case ServerEvent.LanguageDetected detected -> language(detected);
            case ServerEvent.TranscriptionDone done -> resumes == 0 ? done : done(done);
            case ServerEvent.ErrorEvent error -> error;
            case ServerEvent.UnknownEvent unknown -> unknown;
        };
    }

    /** A new session starts at {@code startSeconds} of the stream. */
    void resumed(double startSeconds) {
        resumes++;
        offset = startSeconds;
        text.resumed(startSeconds);
    }

    private ServerEvent textDelta(ServerEvent.TextDelta delta) {
        String fresh = text.delta(delta.text());
        if (fresh.isEmpty()) {
            return null;
        }
        return fresh.equals(delta.text()) ? delta : new ServerEvent.TextDelta(fresh);
    }

    /** The segment in stream time, or null when it restates one the caller has. */
    private ServerEvent.Segment segment(ServerEvent.Segment segment) {
        ServerEvent.Segment shifted = offset == 0 ? segment : new ServerEvent.Segment(segment.text(),
                segment.start() + offset, segment.end() + offset, segment.speakerId());
        if (!text.segmentEnded(shifted.end())) {
            return null;
        }
        segments.add(new DoneSegment(shifted.text(), shifted.start(), shifted.end(), null, shifted.speakerId()));
        return shifted;
    }

    private ServerEvent language(ServerEvent.LanguageDetected detected) {
        if (resumes > 0 && detected.audioLanguage().equals(language)) {
            return null; // the resumed session only says again what the caller knows
        }
        language = detected.audioLanguage();
        return detected;
    }

    private ServerEvent.TranscriptionDone done(ServerEvent.TranscriptionDone done) {
        // Those before the current session's start, then the current session's own, which restate the rest.
        List<DoneSegment> all = new ArrayList<>(segments.stream().filter(s -> s.end() <= offset + TextSplice.SAME_END_SECONDS).toList());
        for (DoneSegment s : done.segments()) {
            all.add(new DoneSegment(s.text(), s.start() + offset, s.end() + offset, s.score(), s.speakerId()));
        }
        Usage usage = done.usage();
        // Whole seconds of the new session plus its start: within a second of the stream's length.
        Integer seconds = usage.promptAudioSeconds() == null ? null
                : usage.promptAudioSeconds() + (int) Math.floor(offset);
        return new ServerEvent.TranscriptionDone(done.model(), text.text(), all,
                new Usage(usage.promptTokens(), usage.completionTokens(), usage.totalTokens(), seconds,
                        usage.serviceTier()),
                done.language() != null ? done.language() : language);
    }
}
