package dev.earshot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.earshot.eval.EvalManifest;
import dev.earshot.eval.WordErrorRate;
import picocli.CommandLine;

class ContinuousCommandTest {

    private static final Path CARDS = Path.of("/usr/share/pocketsphinx/test/data/cards");

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Bench()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The library's text on the cards set scores as docs/benchmarks.md's table says: 10 edits in 21 words. */
    @Test
    void eachRecordingsTextAsTheLibraryHearsIt() throws Exception {
        // Both searches at once: each is a row of single-threaded decoder processes.
        List<String> searches = List.of("library", "earshot");
        List<CompletableFuture<Run>> runs = searches.stream().map(search -> CompletableFuture.supplyAsync(
                () -> run("continuous", "--search", search, CARDS.toString()))).toList();
        for (int i = 0; i < searches.size(); i++) {
            String search = searches.get(i);
            Run run = runs.get(i).get(5, TimeUnit.MINUTES);
            assertThat(run.exitCode()).as(run.err()).isZero();
            Map<String, String> hypotheses = run.out().lines().map(line -> line.split("\t", 2))
                    .collect(Collectors.toMap(f -> f[0], f -> f[1]));
            List<EvalManifest.Utterance> set = EvalManifest.read(CARDS);
            assertThat(hypotheses.keySet()).containsExactlyInAnyOrderElementsOf(
                    set.stream().map(EvalManifest.Utterance::id).toList());
            WordErrorRate.Score total = set.stream().map(u -> WordErrorRate.score(u.transcript(), hypotheses.get(u.id())))
                    .reduce(WordErrorRate.Score.ZERO, WordErrorRate.Score::plus);
            assertThat(total.edits()).as(search).isEqualTo(10);
            assertThat(total.referenceWords()).isEqualTo(21);
        }
    }

    @Test
    void cpuOfDecodingAFileIsItsDecodersAlone() {
        Path wav = CARDS.resolve("001.wav");
        Run run = run("continuous", "--cpu", wav.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        String[] fields = run.out().strip().split("\t");
        assertThat(fields[0]).isEqualTo(wav.toString());
        assertThat(Double.parseDouble(fields[1])).isPositive().isLessThan(60);
    }

    @Test
    void aMissingFileIsOneLineAndExit1() {
        Run run = run("continuous", "--cpu", "/nonexistent.wav");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("bench continuous: no such file: /nonexistent.wav" + System.lineSeparator());
    }
}
