package dev.earshot.engine.whisper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.earshot.engine.EngineException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Damaged model files are refused in Java with one line saying what was expected and found,
 * before whisper.cpp (which aborts the process on several of them) sees them.
 */
class ModelFileTest {

    /** Offsets of the header fields (whisper.cpp's order: magic, eleven hparams, mel filters, vocabulary). */
    private static final int N_VOCAB = 4;
    private static final int N_AUDIO_HEAD = 16;
    private static final int N_TEXT_CTX = 24;
    private static final int FTYPE = 44;
    private static final int N_MEL = 48;
    private static final int VOCAB = 56 + 80 * 201 * 4;

    private static byte[] good;
    /** Where the tensor table starts, and where the vocabulary's token " " (id 220) is spelled. */
    private static int tensors;
    private static int spaceToken;

    @BeforeAll
    static void generate() throws IOException {
        good = Files.readAllBytes(WhisperModels.small());
        ByteBuffer b = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        int at = VOCAB + 4;
        for (int i = 0; i < b.getInt(VOCAB); i++) {
            if (i == 220) {
                spaceToken = at + 4;
            }
            at += 4 + b.getInt(at);
        }
        tensors = at;
    }

    private static Path damaged(String name, Consumer<ByteBuffer> damage) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(good.clone()).order(ByteOrder.LITTLE_ENDIAN);
        damage.accept(b);
        return write(name, b.array());
    }

    private static Path write(String name, byte[] bytes) throws IOException {
        Path dir = Files.createDirectories(TestModels.OUT.resolve("damaged"));
        return Files.write(dir.resolve(name), bytes);
    }

    private static void assertRefused(Path file, String message) {
        assertThatThrownBy(() -> ModelFile.read(file)).isInstanceOf(EngineException.class)
                .hasMessage(file + ": " + message).message().doesNotContain("\n");
    }

    @Test
    void aGeneratedModelPasses() {
        ModelFile file = ModelFile.read(WhisperModels.small());
        assertThat(file.layout()).isEqualTo(ModelLayout.of(51864, 64, 1, 1));
        assertThat(file.tokenId(" ")).isEqualTo(220);
    }

    @Test
    void theTestHeadersHoldNoWeights() {
        Path header = TestModels.header(false);
        assertRefused(header, "damaged whisper model: tensors: expected 167, found 0 (missing "
                + "decoder.blocks.0.attn.key.weight)");
    }

    @Test
    void headerDamage() throws IOException {
        assertRefused(damaged("magic", b -> b.putInt(0, 0x46554747)),
                "damaged whisper model: expected the ggml magic 0x67676d6c, found 0x46554747 (not a whisper.cpp "
                        + "model file)");
        assertRefused(damaged("vocab", b -> b.putInt(N_VOCAB, 1 << 30)),
                "damaged whisper model: n_vocab: expected 51864 to 51866, found 1073741824");
        assertRefused(damaged("heads", b -> b.putInt(N_AUDIO_HEAD, 3)),
                "damaged whisper model: n_audio_head: expected a divisor of 64, found 3");
        assertRefused(damaged("textctx", b -> b.putInt(N_TEXT_CTX, -1)),
                "damaged whisper model: n_text_ctx: expected 448, found -1");
        assertRefused(damaged("ftype", b -> b.putInt(FTYPE, 42)),
                "damaged whisper model: ftype: expected 1 (f16) or a quantized type 2, 3, 7, 8 or 9, found 42");
        assertRefused(damaged("f32", b -> b.putInt(FTYPE, 0)),
                "damaged whisper model: ftype: expected 1 (f16) or a quantized type 2, 3, 7, 8 or 9, found 0 "
                        + "(all-f32 models abort whisper.cpp 1.7.1)");
        assertRefused(damaged("mels", b -> b.putInt(N_MEL, 81)),
                "damaged whisper model: mel filter count: expected n_mels = 80, found 81");
    }

    @Test
    void truncation() throws IOException {
        assertRefused(write("empty", new byte[0]), "damaged whisper model: magic: expected 4 more bytes at byte 0, "
                + "found the end of the file (0 bytes; the file is cut short)");
        assertRefused(write("in-hparams", Arrays.copyOf(good, 30)), "damaged whisper model: n_text_state: expected 4 "
                + "more bytes at byte 28, found the end of the file (30 bytes; the file is cut short)");
        assertRefused(write("in-mel", Arrays.copyOf(good, 1000)), "damaged whisper model: mel filters: expected "
                + "64320 bytes at byte 56, found 944 before the end of the file (cut short)");
        assertThatThrownBy(() -> ModelFile.read(write("in-vocab", Arrays.copyOf(good, VOCAB + 5000))))
                .hasMessageContaining("the file is cut short");
        assertThatThrownBy(() -> ModelFile.read(write("in-data", Arrays.copyOf(good, good.length - 100))))
                .hasMessageContaining("data of tensor 'decoder.blocks.0.cross_attn.out.bias': expected 256 bytes");
    }

    @Test
    void vocabularyDamage() throws IOException {
        assertRefused(damaged("token-length", b -> b.putInt(VOCAB + 4, 0x01000001)),
                "damaged whisper model: length of token 0: expected 0 to 1024, found 16777217");
        assertRefused(damaged("vocab-count", b -> b.putInt(VOCAB, 60000)),
                "damaged whisper model: vocabulary size: expected 1 to n_vocab = 51864, found 60000");
        assertRefused(damaged("no-space", b -> b.put(spaceToken, (byte) 'x')),
                "damaged whisper model: vocabulary: expected the token \" \", found none");
    }

    @Test
    void tensorTableDamage() throws IOException {
        // The first tensor: n_dims, name length, type, then its shape and name.
        assertRefused(damaged("dims", b -> b.putInt(tensors, 7)), "damaged whisper model: tensor dimensions at byte "
                + tensors + ": expected 1 to 4, found 7");
        assertRefused(damaged("name-length", b -> b.putInt(tensors + 4, 1 << 20)), "damaged whisper model: tensor "
                + "name length at byte " + tensors + ": expected 1 to 63, found 1048576");
        assertRefused(damaged("type", b -> b.putInt(tensors + 8, 1)),
                "damaged whisper model: tensor 'encoder.positional_embedding': expected type f32, found f16");
        assertRefused(damaged("bad-type", b -> b.putInt(tensors + 8, 77)),
                "damaged whisper model: tensor 'encoder.positional_embedding': expected type f32, found type 77");
        assertRefused(damaged("shape", b -> b.putInt(tensors + 12, 65)),
                "damaged whisper model: tensor 'encoder.positional_embedding': expected shape [64, 1500], found "
                        + "[65, 1500]");
        assertRefused(damaged("name", b -> b.put(tensors + 20, (byte) 'E')), "damaged whisper model: tensor "
                + "'Encoder.positional_embedding' at byte " + tensors + ": expected one of the model's tensors, "
                + "found an unknown or repeated name");
        byte[] extra = Arrays.copyOf(good, good.length + 8);
        assertThatThrownBy(() -> ModelFile.read(write("trailing", extra)))
                .hasMessageEndingWith("tensor type at byte " + good.length + ": expected 4 more bytes at byte "
                        + (good.length + 8) + ", found the end of the file (" + extra.length
                        + " bytes; the file is cut short)");
    }

    @Test
    void aMissingTensorIsNamed() throws IOException {
        // Cut the file where the last tensor (decoder.blocks.0.cross_attn.out.bias: 1 dim, f32, 64) starts.
        int last = good.length - 64 * 4 - "decoder.blocks.0.cross_attn.out.bias".length() - 16;
        assertRefused(write("missing", Arrays.copyOf(good, last)),
                "damaged whisper model: tensors: expected 50, found 49 (missing decoder.blocks.0.cross_attn.out.bias)");
    }

    @Test
    void aMissingFileIsOneLine() {
        Path nowhere = TestModels.OUT.resolve("no-such-model.bin");
        assertThatThrownBy(() -> ModelFile.read(nowhere)).hasMessage(nowhere + ": no such model file");
    }
}
