package dev.earshot.engine.whisper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The generated models the tests share, each written once per run (see {@link TestModels}), under
 * the running module's {@code target/}. Public for the server's and the bench's tests (test-jar).
 */
public final class WhisperModels {

    /** What every arranged model says, whatever it hears. */
    public static final String SENTENCE = "Ask not what your country can do for you.";
    /** Where the arranged sentence's closing timestamp puts its end, in ms of the window. */
    static final int SENTENCE_END_MS = 2_500;

    /** tiny.en's shape: width 384, 6 heads, 4 layers. */
    static final ModelLayout TINY_EN = ModelLayout.of(ModelLayout.VOCAB_ENGLISH, 384, 6, 4);
    /** base.en's shape: width 512, 8 heads, 6 layers. */
    static final ModelLayout BASE_EN = ModelLayout.of(ModelLayout.VOCAB_ENGLISH, 512, 8, 6);

    private WhisperModels() {
    }

    /**
     * Writes a tiny.en-sized arranged model to the file {@code args[0]}, for a server and a bench
     * run outside the tests (docs/benchmarks-server.md has the command): no Whisper weights can be
     * downloaded on these machines.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("expected one argument, the model file to write (such as ggml-tiny.en.bin), found "
                    + args.length);
            System.exit(2);
        }
        TestModels.write(Path.of(args[0]), TINY_EN, chain(TINY_EN));
    }

    /** English-only, width 64, one layer, one head: about 8 MB, a decode of a few seconds in tens of ms. */
    public static Path small() {
        return arranged("whisper-64x1.en.bin", ModelLayout.of(ModelLayout.VOCAB_ENGLISH, 64, 1, 1));
    }

    /** An arranged model of the given shape (the bench's tiny.en- and base.en-sized ones too). */
    public static Path arranged(String name, ModelLayout layout) {
        return TestModels.model(name, layout, chain(layout));
    }

    /**
     * The chain the decoder follows: from the last prompt token (English-only: start of transcript;
     * multilingual: transcribe) through {@code <|0.00|>}, the sentence's tokens, a closing
     * timestamp, to end of text.
     */
    static List<Integer> chain(ModelLayout layout) {
        ModelFile vocabulary = ModelFile.read(TestModels.header(layout.multilingual()), false);
        // whisper.cpp's ids: end of text follows the 50,256 (English) or 50,257 (multilingual) text tokens.
        int eot = layout.multilingual() ? 50_257 : 50_256;
        int sot = eot + 1;
        int beg = eot + 107;
        List<Integer> chain = new ArrayList<>();
        chain.add(layout.multilingual() ? beg - 5 : sot);
        chain.add(beg);
        chain.addAll(TestModels.tokens(vocabulary, " Ask", " not", " what", " your", " country", " can", " do",
                " for", " you", "."));
        chain.add(beg + SENTENCE_END_MS / WindowDecoder.MS_PER_POSITION);
        chain.add(eot);
        return chain;
    }
}
