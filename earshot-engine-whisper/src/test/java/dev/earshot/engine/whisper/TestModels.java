package dev.earshot.engine.whisper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes whisper.cpp ggml models that load and run, at any width and depth, for tests and
 * benchmarks: no Whisper weights can be downloaded here. The mel filters and the vocabulary come
 * from whisper.cpp's own test headers in {@code ../shared/whisper/} (real ones, no weights); the
 * weights are made up.
 *
 * <p>The encoder gets small random weights, so it costs what a trained encoder of the same shape
 * costs. The decoder is arranged to say one fixed sentence whatever it hears: every attention
 * output (self and cross) is zero, so each position sees only its own token, and the first
 * layer's MLP maps each token of a chain to the next one. Token {@code c[k]} is embedded as one
 * hot "input" dimension {@code k} plus one hot "output" dimension {@code D/2 + k}; hidden unit
 * {@code k} fires only on input dimension {@code k} and writes a large value into output
 * dimension {@code D/2 + k + 1}, whose logit (tied embeddings) is then the largest by far. So
 * greedy decoding from the last prompt token {@code c[0]} emits {@code c[1], c[2], ...} exactly.
 */
final class TestModels {

    /** The folder holding whisper.cpp's test headers: {@code <repo>/../shared/whisper}. */
    static final Path HEADERS = Path.of(System.getProperty("earshot.shared.dir", "../shared"), "whisper");
    /** Where generated models go: under the module's {@code target/}, written once per run. */
    static final Path OUT = Path.of("target", "whisper-models");

    /** Scale of the random encoder weights: small enough that activations stay finite in f16. */
    private static final float RANDOM_SCALE = 0.05f;
    /** One-hot embedding value: a chain token's logit is about this times sqrt(width). */
    private static final float EMBED = 4f;
    /** Hidden unit input weight and threshold: fires at about (sqrt(D/2) - 2) * this. */
    private static final float GATE = 4f;
    private static final float GATE_THRESHOLD = 2f;
    /** Hidden-to-output weight: makes the next token's dimension dominate the layer norm. */
    private static final float EMIT = 10f;

    private TestModels() {
    }

    /** The header file for an English-only or a multilingual vocabulary. */
    static Path header(boolean multilingual) {
        return HEADERS.resolve(multilingual ? "for-tests-ggml-tiny.bin" : "for-tests-ggml-tiny.en.bin");
    }

    /**
     * The model at {@code OUT/name}, written if this run has not written it yet.
     *
     * @param chain token ids: the last prompt token, then what the decoder says after it
     */
    static synchronized Path model(String name, ModelLayout layout, List<Integer> chain) {
        Path path = OUT.resolve(name);
        if (!Files.isRegularFile(path)) {
            try {
                Files.createDirectories(OUT);
                // A name of its own: another test JVM may be writing the same model.
                Path partial = Files.createTempFile(OUT, name, ".part");
                write(partial, layout, chain);
                Files.move(partial, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return path;
    }

    /** Writes a model of {@code layout} that says {@code chain} (see the class comment). */
    static void write(Path target, ModelLayout layout, List<Integer> chain) throws IOException {
        int width = layout.nTextState();
        if (chain.size() > width / 2 || chain.stream().distinct().count() != chain.size()) {
            throw new IllegalArgumentException("chain: expected at most " + width / 2 + " distinct tokens, found "
                    + chain);
        }
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(headerOf(layout));
            SplittableRandom random = new SplittableRandom(42);
            for (ModelLayout.Tensor tensor : layout.tensors()) {
                out.write(tensorHeader(tensor));
                float[] values = values(tensor, layout, chain, random);
                out.write(encode(values, tensor.type()));
            }
        }
    }

    private static ByteBuffer headerOf(ModelLayout layout) throws IOException {
        byte[] source = Files.readAllBytes(header(layout.multilingual()));
        ByteBuffer in = ByteBuffer.wrap(source).order(ByteOrder.LITTLE_ENDIAN);
        int hparamsEnd = 4 + 11 * 4;
        if (in.getInt(0) != ModelFile.MAGIC || in.getInt(4) != layout.nVocab()) {
            throw new IOException(header(layout.multilingual()) + ": expected a ggml header with n_vocab "
                    + layout.nVocab());
        }
        int nMel = in.getInt(hparamsEnd);
        int nFft = in.getInt(hparamsEnd + 4);
        int vocabStart = hparamsEnd + 8 + nMel * nFft * Float.BYTES;
        int count = in.getInt(vocabStart);
        int end = vocabStart + 4;
        for (int i = 0; i < count; i++) {
            end += 4 + in.getInt(end);
        }
        ByteBuffer header = ByteBuffer.allocate(end).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(ModelFile.MAGIC);
        for (int v : new int[] {layout.nVocab(), layout.nAudioCtx(), layout.nAudioState(), layout.nAudioHead(),
            layout.nAudioLayer(), layout.nTextCtx(), layout.nTextState(), layout.nTextHead(), layout.nTextLayer(),
            layout.nMels(), layout.ftype()}) {
            header.putInt(v);
        }
        header.put(source, hparamsEnd, end - hparamsEnd);
        return header.flip();
    }

    private static ByteBuffer tensorHeader(ModelLayout.Tensor tensor) {
        byte[] name = tensor.name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(12 + 4 * tensor.shape().length + name.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(tensor.shape().length).putInt(name.length).putInt(tensor.type());
        for (int d : tensor.shape()) {
            b.putInt(d);
        }
        return b.put(name).flip();
    }

    private static float[] values(ModelLayout.Tensor tensor, ModelLayout layout, List<Integer> chain,
            SplittableRandom random) {
        float[] v = new float[Math.toIntExact(tensor.elements())];
        String name = tensor.name();
        if (name.endsWith("ln.weight") || name.endsWith("ln_post.weight")) {
            java.util.Arrays.fill(v, 1f);
        } else if (name.startsWith("encoder.") && name.endsWith(".weight")) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (random.nextDouble(-1, 1) * RANDOM_SCALE);
            }
        } else if (name.equals("decoder.token_embedding.weight")) {
            embed(v, layout.nTextState(), chain);
        } else if (name.equals("decoder.blocks.0.mlp.0.weight")) {
            gates(v, layout.nTextState(), chain);
        } else if (name.equals("decoder.blocks.0.mlp.0.bias")) {
            java.util.Arrays.fill(v, -GATE * GATE_THRESHOLD);
        } else if (name.equals("decoder.blocks.0.mlp.2.weight")) {
            emits(v, layout.nTextState(), chain);
        }
        return v;
    }

    /** Row {@code c[k]} of the [vocab][width] embedding: input dimension k and output dimension D/2 + k. */
    private static void embed(float[] v, int width, List<Integer> chain) {
        for (int k = 0; k < chain.size(); k++) {
            long row = (long) chain.get(k) * width;
            v[Math.toIntExact(row + k)] = EMBED;
            v[Math.toIntExact(row + width / 2 + k)] = EMBED;
        }
    }

    /** mlp.0: [4D][D]; unit k reads input dimension k. */
    private static void gates(float[] v, int width, List<Integer> chain) {
        for (int k = 0; k + 1 < chain.size(); k++) {
            v[k * width + k] = GATE;
        }
    }

    /** mlp.2: [D][4D]; output dimension D/2 + k + 1 reads unit k. */
    private static void emits(float[] v, int width, List<Integer> chain) {
        for (int k = 0; k + 1 < chain.size(); k++) {
            v[(width / 2 + k + 1) * 4 * width + k] = EMIT;
        }
    }

    private static ByteBuffer encode(float[] values, int type) {
        boolean half = type == ModelLayout.TYPE_F16;
        ByteBuffer b = ByteBuffer.allocate(values.length * (half ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : values) {
            if (half) {
                b.putShort(Float.floatToFloat16(f));
            } else {
                b.putFloat(f);
            }
        }
        return b.flip();
    }

    /** Token ids of {@code words}, each exactly one token of the vocabulary in {@code header}. */
    static List<Integer> tokens(ModelFile vocabulary, String... words) {
        List<Integer> ids = new ArrayList<>();
        for (String w : words) {
            int id = vocabulary.tokenId(w);
            if (id < 0) {
                throw new IllegalArgumentException("'" + w + "' is not one token of the vocabulary");
            }
            ids.add(id);
        }
        return ids;
    }
}
