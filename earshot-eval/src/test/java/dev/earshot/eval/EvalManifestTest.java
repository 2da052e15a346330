package dev.earshot.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three ways a set of recordings is named: a manifest, a sphinx folder, a folder with a manifest. */
class EvalManifestTest {

    private static final Path LIBRIVOX = Path.of("/usr/share/pocketsphinx/test/data/librivox");

    @TempDir
    Path dir;

    @Test
    void aManifestFileAndTheFolderHoldingItReadAlike() throws IOException {
        Path manifest = Files.writeString(dir.resolve(EvalManifest.MANIFEST_FILE),
                "id\tfile\tseconds\ttranscript\na\ta.wav\t1.0\tone two\nb\tsub/b.wav\t2.0\tthree\n");

        List<EvalManifest.Utterance> fromFile = EvalManifest.read(manifest);

        assertThat(fromFile).containsExactly(new EvalManifest.Utterance("a", dir.resolve("a.wav"), "one two"),
                new EvalManifest.Utterance("b", dir.resolve("sub/b.wav"), "three"));
        assertThat(EvalManifest.read(dir)).isEqualTo(fromFile);
    }

    @Test
    void aSphinxFolderIsReadFromItsTranscription() throws IOException {
        List<EvalManifest.Utterance> set = EvalManifest.read(LIBRIVOX);

        assertThat(set).hasSize(5);
        assertThat(set).allSatisfy(u -> {
            assertThat(u.audio()).exists().hasParent(LIBRIVOX);
            assertThat(u.transcript()).isNotBlank().doesNotContain("<s>", "</s>", "(");
        });
    }

    @Test
    void aFolderWithNeitherIsRefusedByName() {
        assertThatThrownBy(() -> EvalManifest.read(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("nor a folder with a manifest.tsv").hasMessageContaining(dir.toString());
    }
}
