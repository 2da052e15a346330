package dev.earshot.cli;

import java.util.ArrayList;
import java.util.List;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Renders the dual-delay screen as lines, the seed's {@code DualTranscriptDisplay.render}: a
 * header (the model or each session's, both delays, both statuses), the transcript in a box (slow text normal, the
 * fast text that runs ahead highlighted), an error panel when there is an error, and a footer.
 * Pure: the same state and size always give the same lines.
 */
final class DualView {

    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle FAST = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT | AttributedStyle.YELLOW);
    private static final AttributedStyle SLOW = AttributedStyle.DEFAULT.foreground(AttributedStyle.WHITE);
    private static final AttributedStyle RED = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    /** Lines of the error panel: its two borders and up to two lines of message. */
    private static final int ERROR_LINES = 4;

    private final String fastModel;
    private final String slowModel;
    private final int fastDelayMs;
    private final int slowDelayMs;

    DualView(String fastModel, String slowModel, int fastDelayMs, int slowDelayMs) {
        this.fastModel = fastModel;
        this.slowModel = slowModel;
        this.fastDelayMs = fastDelayMs;
        this.slowDelayMs = slowDelayMs;
    }

    List<AttributedString> render(DualState.Snapshot state, int width, int height) {
        width = Math.max(width, 20);
        List<AttributedString> lines = new ArrayList<>();
        lines.add(header(state).columnSubSequence(0, width));
        int bodyHeight = Math.max(3, height - 2 - (state.error() != null ? ERROR_LINES : 0));
        lines.addAll(box(transcript(state), width, bodyHeight, DIM));
        if (state.error() != null) {
            lines.addAll(box(List.of(new AttributedString(state.error(), RED)), width, ERROR_LINES, RED));
        }
        lines.add(new AttributedStringBuilder().style(DIM).append("ctrl+c").style(DIM.italic()).append(" quit")
                .toAttributedString());
        return lines;
    }

    /** The seed's header with one model; with two, each session's model follows its delay. */
    private AttributedString header(DualState.Snapshot state) {
        boolean oneModel = fastModel.equals(slowModel);
        AttributedStringBuilder header = new AttributedStringBuilder().style(DIM).append("│ ");
        if (oneModel) {
            header.append(fastModel).append(" │ ");
        }
        return header
                .style(FAST).append("fast " + fastDelayMs + "ms" + (oneModel ? "" : " " + fastModel))
                .style(statusStyle(state.fastStatus())).append(" " + state.fastStatus())
                .style(DIM).append(" │ ")
                .style(SLOW).append("slow " + slowDelayMs + "ms" + (oneModel ? "" : " " + slowModel))
                .style(statusStyle(state.slowStatus())).append(" " + state.slowStatus())
                .toAttributedString();
    }

    /** The seed's {@code _status_style}. */
    static AttributedStyle statusStyle(String status) {
        if (status.contains("Listening")) {
            return AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
        }
        if (status.contains("Connecting")) {
            return AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW).faint();
        }
        if (status.contains("Done") || status.contains("Stopped")) {
            return DIM;
        }
        return RED;
    }

    private static List<AttributedString> transcript(DualState.Snapshot state) {
        TranscriptMerge.Display display = TranscriptMerge.compute(state.slowText(), state.fastText());
        if (display.finalText().isEmpty() && display.partialText().isEmpty()) {
            return List.of(new AttributedString("...", DIM));
        }
        return List.of(new AttributedStringBuilder().style(SLOW).append(display.finalText())
                .style(FAST).append(display.partialText()).toAttributedString());
    }

    /** {@code content} word-wrapped in a rounded box of {@code height} lines, padded (1, 2) as the seed's panel. */
    private static List<AttributedString> box(List<AttributedString> content, int width, int height,
            AttributedStyle border) {
        int inner = width - 6;
        List<AttributedString> wrapped = new ArrayList<>();
        for (AttributedString paragraph : content) {
            wrapped.addAll(wrap(paragraph, inner));
        }
        int rows = Math.max(1, height - 2);
        List<AttributedString> body = new ArrayList<>();
        boolean padded = rows >= 3 && wrapped.size() <= rows - 2;
        if (padded) {
            body.add(AttributedString.EMPTY);
        }
        // When the text outgrows the box, show its end: the newest words matter in a live view.
        int from = Math.max(0, wrapped.size() - (padded ? rows - 1 : rows));
        body.addAll(wrapped.subList(from, wrapped.size()));
        while (body.size() < rows) {
            body.add(AttributedString.EMPTY);
        }
        List<AttributedString> lines = new ArrayList<>();
        lines.add(new AttributedString("╭" + "─".repeat(width - 2) + "╮", border));
        for (AttributedString line : body) {
            lines.add(new AttributedStringBuilder().style(border).append("│  ").append(line)
                    .append(" ".repeat(Math.max(0, inner - line.columnLength()))).style(border).append("  │")
                    .toAttributedString());
        }
        lines.add(new AttributedString("╰" + "─".repeat(width - 2) + "╯", border));
        return lines;
    }

    /** Breaks {@code text} at spaces into lines of at most {@code width} columns (longer words are cut). */
    static List<AttributedString> wrap(AttributedString text, int width) {
        List<AttributedString> lines = new ArrayList<>();
        int start = 0;
        int length = text.length();
        while (start < length) {
            while (start < length && text.charAt(start) == ' ' && !lines.isEmpty()) {
                start++;
            }
            int end = Math.min(length, start + width);
            if (end < length) {
                int space = lastSpace(text, start, end);
                if (space > start) {
                    end = space;
                }
            }
            lines.add(text.subSequence(start, end));
            start = end;
        }
        return lines;
    }

    private static int lastSpace(AttributedString text, int from, int to) {
        for (int i = to; i > from; i--) {
            if (text.charAt(i) == ' ') {
                return i;
            }
        }
        return -1;
    }
}
