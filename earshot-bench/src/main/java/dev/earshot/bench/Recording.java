package dev.earshot.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.earshot.audio.WavAudio;
import dev.earshot.audio.WavReader;
import dev.earshot.eval.EvalManifest;

/**
 * One recording of a measured set, loaded into memory, with what was said in it.
 *
 * @param id         the manifest's id
 * @param audio      the WAV's format and raw sample bytes
 * @param transcript the reference transcript, scored with {@link dev.earshot.eval.WordErrorRate}
 */
record Recording(String id, WavAudio audio, String transcript) {

    /** The pocketsphinx-testdata LibriVox set that Debian ships, with its {@code transcription} file. */
    static final Path LIBRIVOX = Path.of("/usr/share/pocketsphinx/test/data/librivox");

    /**
     * Reads every set ({@link EvalManifest#read}: a TSV manifest, a sphinx test folder, or a folder
     * with a manifest).
     *
     * @throws IOException if a set or a recording cannot be read
     */
    static List<Recording> readAll(List<Path> sets) throws IOException {
        List<Recording> out = new ArrayList<>();
        for (Path set : sets) {
            for (EvalManifest.Utterance u : EvalManifest.read(set)) {
                out.add(new Recording(u.id(), WavReader.read(u.audio()), u.transcript()));
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no recordings in " + sets);
        }
        return out;
    }

    double seconds() {
        return audio.seconds();
    }
}
