package dev.earshot.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EvalCommandTest {

    private static final String CARDS = "/usr/share/pocketsphinx/test/data/cards";

    @Test
    void reportsWhatTheWerCommandFindsInItsHypothesesAndTheLagOfEachDelay(@TempDir Path dir) {
        CommandRun eval = CommandRun.of("bench", "eval", "--delays", "0,480", "--hypotheses", dir.toString(), CARDS);
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        List<String[]> rows = eval.out().lines().filter(l -> l.matches("\\s*\\d+ +\\d.*"))
                .map(l -> l.trim().split("\\s+")).toList();
        assertThat(rows).hasSize(2);
        for (String[] row : rows) {
            CommandRun wer = CommandRun.of("bench", "wer", CARDS, dir.resolve("delay-" + row[0] + ".tsv").toString());
            assertThat(wer.exitCode()).as(wer.err()).isZero();
            assertThat(wer.out()).as("delay " + row[0]).contains(row[1]);
            long[] lag = Arrays.stream(row[5].split("/")).mapToLong(Long::parseLong).toArray();
            assertThat(lag).as("p50 <= p95 <= p99").isSorted();
        }
        // With no delay a word can only be committed once it has been heard.
        assertThat(Long.parseLong(rows.getFirst()[5].split("/")[0])).isNotNegative();
    }
}
