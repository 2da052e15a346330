package dev.earshot.engine.whisper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.earshot.engine.EngineException;

/**
 * A whisper.cpp ggml model file, read and checked in Java before native code sees it.
 *
 * <p>whisper.cpp 1.7.1 trusts its input: a bad file type, a huge length field or a file cut short
 * in the header aborts or crashes the whole process, and some damage loads silently. So every
 * field the loader reads is checked here, in the loader's order: magic, hyperparameters, mel
 * filters, vocabulary (which must hold the token {@code " "}, which the decoder looks up
 * unchecked), and the tensor table (each name known and seen once, shape and type as the
 * hyperparameters imply, data within the file), then that every tensor is present and nothing
 * follows. The first fault found becomes one {@link EngineException} naming the file, what was
 * expected and what was found.
 *
 * @param layout the hyperparameters
 * @param vocab  the vocabulary's tokens as bytes, indexed by token id (special tokens past its end)
 */
record ModelFile(ModelLayout layout, List<byte[]> vocab) {

    /** "ggml" as the little-endian uint32 whisper.cpp writes first. */
    static final int MAGIC = 0x67676d6c;
    /** Mel filter bank width: n_fft / 2 + 1 for whisper's 400-point FFT. */
    static final int MEL_FFT_BINS = 201;
    /** Longer than any token of Whisper's byte-level BPE vocabularies (the longest is 128 bytes). */
    static final int MAX_TOKEN_BYTES = 1024;
    /** ggml tensors have at most four dimensions; a tensor name is at most GGML_MAX_NAME bytes. */
    static final int MAX_DIMS = 4;
    static final int MAX_NAME_BYTES = 64;

    /** Reads and checks {@code path}. */
    static ModelFile read(Path path) {
        return read(path, true);
    }

    /**
     * Reads and checks {@code path} up to the end of its vocabulary, or to its end if
     * {@code tensors}: the vocabulary alone is what the test headers of whisper.cpp hold.
     */
    static ModelFile read(Path path, boolean tensors) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return new Reader(path, channel).read(tensors);
        } catch (NoSuchFileException e) {
            throw new EngineException(path + ": no such model file");
        } catch (IOException e) {
            throw new EngineException(path + ": cannot read the model file: " + e.getMessage());
        }
    }

    /** The id of the token spelled {@code text}, or -1. */
    int tokenId(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < vocab.size(); i++) {
            if (Arrays.equals(vocab.get(i), bytes)) {
                return i;
            }
        }
        return -1;
    }

    private static final class Reader {
        private final Path path;
        private final FileChannel channel;
        private final long length;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        /** File offset of buffer position 0. */
        private long bufferStart;

        Reader(Path path, FileChannel channel) throws IOException {
            this.path = path;
            this.channel = channel;
            this.length = channel.size();
            buffer.limit(0);
        }

        ModelFile read(boolean withTensors) throws IOException {
            int magic = readInt("magic");
            if (magic != MAGIC) {
                throw fault("expected the ggml magic 0x67676d6c, found 0x" + Integer.toHexString(magic)
                        + " (not a whisper.cpp model file)");
            }
            ModelLayout layout = hyperparameters();
            melFilters(layout);
            List<byte[]> vocab = vocabulary(layout);
            if (withTensors) {
                tensors(layout);
            }
            return new ModelFile(layout, vocab);
        }

        private ModelLayout hyperparameters() throws IOException {
            int[] h = new int[11];
            String[] names = {"n_vocab", "n_audio_ctx", "n_audio_state", "n_audio_head", "n_audio_layer",
                "n_text_ctx", "n_text_state", "n_text_head", "n_text_layer", "n_mels", "ftype"};
            for (int i = 0; i < h.length; i++) {
                h[i] = readInt(names[i]);
            }
            require(h[0] >= ModelLayout.VOCAB_ENGLISH && h[0] <= ModelLayout.VOCAB_ENGLISH + 2, "n_vocab",
                    "51864 to 51866", h[0]);
            require(h[1] == 1500, "n_audio_ctx", "1500", h[1]);
            require(h[5] == 448, "n_text_ctx", "448", h[5]);
            require(h[9] == 80 || h[9] == 128, "n_mels", "80 or 128", h[9]);
            width("n_audio", h[2], h[3], h[4]);
            width("n_text", h[6], h[7], h[8]);
            require(h[6] == h[2], "n_text_state", "equal to n_audio_state " + h[2], h[6]);
            int ftype = h[10] % GgmlType.QNT_VERSION_FACTOR;
            if (h[10] < 0 || GgmlType.ofFileType(ftype) < 0) {
                throw fault("ftype: expected 1 (f16) or a quantized type 2, 3, 7, 8 or 9, found " + h[10]
                        + (ftype == 0 ? " (all-f32 models abort whisper.cpp " + WhisperLibrary.VERSION + ")" : ""));
            }
            return new ModelLayout(h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], ftype);
        }

        private void width(String prefix, int state, int heads, int layers) {
            require(state >= 1 && state <= 4096, prefix + "_state", "1 to 4096", state);
            require(heads >= 1 && state % heads == 0, prefix + "_head", "a divisor of " + state, heads);
            require(layers >= 1 && layers <= 64, prefix + "_layer", "1 to 64", layers);
        }

        private void melFilters(ModelLayout layout) throws IOException {
            int nMel = readInt("mel filter count");
            require(nMel == layout.nMels(), "mel filter count", "n_mels = " + layout.nMels(), nMel);
            int nFft = readInt("mel filter width");
            require(nFft == MEL_FFT_BINS, "mel filter width", String.valueOf(MEL_FFT_BINS), nFft);
            skip((long) nMel * nFft * Float.BYTES, "mel filters");
        }

        private List<byte[]> vocabulary(ModelLayout layout) throws IOException {
            int count = readInt("vocabulary size");
            require(count >= 1 && count <= layout.nVocab(), "vocabulary size", "1 to n_vocab = " + layout.nVocab(),
                    count);
            List<byte[]> words = new ArrayList<>(count);
            boolean space = false;
            for (int i = 0; i < count; i++) {
                int len = readInt("length of token " + i);
                require(len >= 0 && len <= MAX_TOKEN_BYTES, "length of token " + i, "0 to " + MAX_TOKEN_BYTES, len);
                byte[] word = readBytes(len, "token " + i);
                space |= len == 1 && word[0] == ' ';
                words.add(word);
            }
            if (!space) {
                throw fault("vocabulary: expected the token \" \", found none");
            }
            return words;
        }

        private void tensors(ModelLayout layout) throws IOException {
            Map<String, ModelLayout.Tensor> expected = new HashMap<>();
            for (ModelLayout.Tensor t : layout.tensors()) {
                expected.put(t.name(), t);
            }
            int total = expected.size();
            while (position() < length) {
                tensor(expected);
            }
            if (!expected.isEmpty()) {
                throw fault("tensors: expected " + total + ", found " + (total - expected.size()) + " (missing "
                        + expected.keySet().stream().sorted().findFirst().orElseThrow() + ")");
            }
        }

        private void tensor(Map<String, ModelLayout.Tensor> expected) throws IOException {
            long at = position();
            int dims = readInt("tensor dimensions at byte " + at);
            int nameLength = readInt("tensor name length at byte " + at);
            int type = readInt("tensor type at byte " + at);
            require(dims >= 1 && dims <= MAX_DIMS, "tensor dimensions at byte " + at, "1 to " + MAX_DIMS, dims);
            require(nameLength >= 1 && nameLength < MAX_NAME_BYTES, "tensor name length at byte " + at,
                    "1 to " + (MAX_NAME_BYTES - 1), nameLength);
            int[] shape = new int[dims];
            for (int d = 0; d < dims; d++) {
                shape[d] = readInt("tensor shape at byte " + at);
            }
            String name = new String(readBytes(nameLength, "tensor name at byte " + at),
                    java.nio.charset.StandardCharsets.UTF_8);
            ModelLayout.Tensor want = expected.remove(name);
            if (want == null) {
                throw fault("tensor '" + name + "' at byte " + at + ": expected one of the model's tensors, "
                        + "found an unknown or repeated name");
            }
            if (!Arrays.equals(shape, want.shape())) {
                throw fault("tensor '" + name + "': expected shape " + Arrays.toString(want.shape()) + ", found "
                        + Arrays.toString(shape));
            }
            if (type != want.type()) {
                throw fault("tensor '" + name + "': expected type " + GgmlType.name(want.type()) + ", found "
                        + GgmlType.name(type));
            }
            if (want.shape()[0] % GgmlType.blockSize(type) != 0) {
                throw fault("tensor '" + name + "': width " + want.shape()[0] + " is not a multiple of the "
                        + GgmlType.name(type) + " block size " + GgmlType.blockSize(type));
            }
            skip(want.bytes(), "data of tensor '" + name + "'");
        }

        private void require(boolean ok, String field, String expected, int found) {
            if (!ok) {
                throw fault(field + ": expected " + expected + ", found " + found);
            }
        }

        private EngineException fault(String what) {
            return new EngineException(path + ": damaged whisper model: " + what);
        }

        private long position() {
            return bufferStart + buffer.position();
        }

        private void fill(int needed, String what) throws IOException {
            if (buffer.remaining() >= needed) {
                return;
            }
            if (position() + needed > length) {
                throw fault(what + ": expected " + needed + " more bytes at byte " + position() + ", found the end "
                        + "of the file (" + length + " bytes; the file is cut short)");
            }
            long at = position();
            buffer.compact();
            bufferStart = at;
            while (buffer.position() < needed) {
                if (channel.read(buffer, bufferStart + buffer.position()) < 0) {
                    throw fault(what + ": the file ended early");
                }
            }
            buffer.flip();
        }

        private int readInt(String what) throws IOException {
            fill(Integer.BYTES, what);
            return buffer.getInt();
        }

        private byte[] readBytes(int n, String what) throws IOException {
            fill(n, what);
            byte[] b = new byte[n];
            buffer.get(b);
            return b;
        }

        private void skip(long n, String what) throws IOException {
            long target = position() + n;
            if (target > length) {
                throw fault(what + ": expected " + n + " bytes at byte " + position() + ", found "
                        + (length - position()) + " before the end of the file (cut short)");
            }
            if (n <= buffer.remaining()) {
                buffer.position(buffer.position() + (int) n);
                return;
            }
            bufferStart = target;
            buffer.clear().limit(0);
        }
    }
}
