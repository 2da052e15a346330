package dev.earshot.engine.whisper;

import java.util.ArrayList;
import java.util.List;

/**
 * The hyperparameters of a Whisper model in whisper.cpp's ggml file, and the tensor table they
 * imply: every tensor {@code whisper_model_load} of release 1.7.1 creates, with its ggml shape
 * (innermost dimension first) and type. Public so that tests and the bench can write models of
 * any width and depth.
 *
 * @param nVocab      vocabulary size: 51864 for English-only models, 51865 multilingual (51866 for large-v3)
 * @param nAudioCtx   encoder positions, 1500 (30 s in 20 ms steps)
 * @param nAudioState encoder width
 * @param nAudioHead  encoder attention heads
 * @param nAudioLayer encoder layers
 * @param nTextCtx    decoder positions, 448
 * @param nTextState  decoder width (equal to the encoder's in every Whisper model)
 * @param nTextHead   decoder attention heads
 * @param nTextLayer  decoder layers
 * @param nMels       mel bands, 80 (128 for large-v3)
 * @param ftype       ggml file type of the weight matrices: 1 = f16, 2/3 = q4_0/q4_1, 7 = q8_0,
 *                    8/9 = q5_0/q5_1 (without the quantization version, which is stored as
 *                    thousands)
 */
public record ModelLayout(int nVocab, int nAudioCtx, int nAudioState, int nAudioHead, int nAudioLayer,
        int nTextCtx, int nTextState, int nTextHead, int nTextLayer, int nMels, int ftype) {

    /** ggml_type values of ggml.h. */
    static final int TYPE_F32 = 0;
    static final int TYPE_F16 = 1;

    /** The English-only vocabulary size; multilingual models have more. */
    public static final int VOCAB_ENGLISH = 51864;

    /** A model of whisper's standard context sizes at the given width and depth, with f16 weights. */
    public static ModelLayout of(int nVocab, int width, int heads, int layers) {
        return new ModelLayout(nVocab, 1500, width, heads, layers, 448, width, heads, layers, 80, 1);
    }

    /** Whether the vocabulary has the language tokens of the multilingual models. */
    public boolean multilingual() {
        return nVocab >= VOCAB_ENGLISH + 1;
    }

    /** One tensor as the file stores it. */
    public record Tensor(String name, int type, int[] shape) {
        /** Elements in the tensor. */
        public long elements() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        /** Bytes of its data in the file. */
        public long bytes() {
            return GgmlType.bytes(type, elements());
        }
    }

    /** The ggml type of the weight matrices, from {@link #ftype()}. */
    int weightType() {
        return GgmlType.ofFileType(ftype);
    }

    /** Every tensor the loader expects, in the order the file writer uses. */
    public List<Tensor> tensors() {
        List<Tensor> t = new ArrayList<>();
        int s = nAudioState;
        t.add(new Tensor("encoder.positional_embedding", TYPE_F32, new int[] {s, nAudioCtx}));
        t.add(new Tensor("encoder.conv1.weight", TYPE_F16, new int[] {3, nMels, s}));
        t.add(new Tensor("encoder.conv1.bias", TYPE_F32, new int[] {1, s}));
        t.add(new Tensor("encoder.conv2.weight", TYPE_F16, new int[] {3, s, s}));
        t.add(new Tensor("encoder.conv2.bias", TYPE_F32, new int[] {1, s}));
        t.add(new Tensor("encoder.ln_post.weight", TYPE_F32, new int[] {s}));
        t.add(new Tensor("encoder.ln_post.bias", TYPE_F32, new int[] {s}));
        for (int i = 0; i < nAudioLayer; i++) {
            block(t, "encoder.blocks." + i + ".", s, false);
        }
        int w = nTextState;
        t.add(new Tensor("decoder.positional_embedding", TYPE_F32, new int[] {w, nTextCtx}));
        t.add(new Tensor("decoder.token_embedding.weight", weightType(), new int[] {w, nVocab}));
        t.add(new Tensor("decoder.ln.weight", TYPE_F32, new int[] {w}));
        t.add(new Tensor("decoder.ln.bias", TYPE_F32, new int[] {w}));
        for (int i = 0; i < nTextLayer; i++) {
            block(t, "decoder.blocks." + i + ".", w, true);
        }
        return t;
    }

    private void block(List<Tensor> t, String prefix, int s, boolean cross) {
        int wt = weightType();
        vector(t, prefix + "mlp_ln", s, true);
        t.add(new Tensor(prefix + "mlp.0.weight", wt, new int[] {s, 4 * s}));
        vector(t, prefix + "mlp.0", 4 * s, false);
        t.add(new Tensor(prefix + "mlp.2.weight", wt, new int[] {4 * s, s}));
        vector(t, prefix + "mlp.2", s, false);
        attention(t, prefix + "attn", s);
        if (cross) {
            attention(t, prefix + "cross_attn", s);
        }
    }

    private void attention(List<Tensor> t, String name, int s) {
        int wt = weightType();
        vector(t, name + "_ln", s, true);
        t.add(new Tensor(name + ".query.weight", wt, new int[] {s, s}));
        vector(t, name + ".query", s, false);
        t.add(new Tensor(name + ".key.weight", wt, new int[] {s, s}));
        t.add(new Tensor(name + ".value.weight", wt, new int[] {s, s}));
        vector(t, name + ".value", s, false);
        t.add(new Tensor(name + ".out.weight", wt, new int[] {s, s}));
        vector(t, name + ".out", s, false);
    }

    /** A bias, or a layer norm's weight and bias. */
    private static void vector(List<Tensor> t, String name, int n, boolean norm) {
        if (norm) {
            t.add(new Tensor(name + ".weight", TYPE_F32, new int[] {n}));
        }
        t.add(new Tensor(name + ".bias", TYPE_F32, new int[] {n}));
    }
}
