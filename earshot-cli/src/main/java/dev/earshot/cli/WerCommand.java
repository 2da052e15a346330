package dev.earshot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.earshot.eval.EvalManifest.Utterance;
import dev.earshot.eval.WordErrorRate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code earshot bench wer SET HYPOTHESES.tsv}: score hypotheses from any recogniser against a reference set. */
@Command(name = "wer", mixinStandardHelpOptions = true,
        description = "Word error rate of hypotheses (id<TAB>text per line) against a manifest or sphinx folder.")
final class WerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SET",
            description = "a manifest .tsv, a sphinx test folder, or a folder with a manifest.tsv")
    Path set;

    @Parameters(index = "1", paramLabel = "HYPOTHESES", description = "id<TAB>text, one utterance per line")
    Path hypotheses;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> hyps = new HashMap<>();
        for (String line : Files.readAllLines(hypotheses)) {
            int tab = line.indexOf('\t');
            hyps.put(tab < 0 ? line.trim() : line.substring(0, tab).trim(), tab < 0 ? "" : line.substring(tab + 1));
        }
        WordErrorRate.Score total = WordErrorRate.Score.ZERO;
        for (Utterance u : Corpus.read(List.of(set))) {
            WordErrorRate.Score s = WordErrorRate.score(u.transcript(), hyps.getOrDefault(u.id(), ""));
            out.printf("%s\tWER=%.2f%%\tedits=%d (S=%d D=%d I=%d)\tref_words=%d%n", u.id(), 100 * s.rate(), s.edits(),
                    s.substitutions(), s.deletions(), s.insertions(), s.referenceWords());
            total = total.plus(s);
        }
        out.printf("WER: %.2f%%%n", 100 * total.rate());
        return 0;
    }
}
