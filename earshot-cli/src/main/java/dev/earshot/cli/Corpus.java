package dev.earshot.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.earshot.eval.EvalManifest;
import dev.earshot.eval.EvalManifest.Utterance;

/**
 * Recordings with transcripts named on the command line: TSV manifests, sphinx test folders,
 * folders with a manifest.
 */
final class Corpus {

    private Corpus() {
    }

    /** Every set's recordings in order, each set read by {@link EvalManifest#read}. */
    static List<Utterance> read(List<Path> sources) throws IOException {
        List<Utterance> all = new ArrayList<>();
        for (Path p : sources) {
            all.addAll(EvalManifest.read(p));
        }
        return all;
    }
}
