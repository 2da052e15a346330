package dev.earshot.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.earshot.eval.EvalManifest;
import dev.earshot.eval.EvalManifest.Utterance;

/** Recordings with transcripts named on the command line: TSV manifests or sphinx test folders. */
final class Corpus {

    private Corpus() {
    }

    /** A folder with a transcription file is a sphinx set; a file is a manifest. */
    static List<Utterance> read(List<Path> sources) throws IOException {
        List<Utterance> all = new ArrayList<>();
        for (Path p : sources) {
            if (Files.isDirectory(p) && EvalManifest.findTranscription(p) != null) {
                all.addAll(EvalManifest.readSphinx(p));
            } else if (Files.isRegularFile(p)) {
                all.addAll(EvalManifest.readTsv(p));
            } else {
                throw new IOException("not a manifest (.tsv) nor a folder with a transcription file: " + p);
            }
        }
        return all;
    }
}
