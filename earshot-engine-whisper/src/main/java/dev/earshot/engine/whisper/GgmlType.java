package dev.earshot.engine.whisper;

/**
 * The ggml tensor types a Whisper file may hold, with their storage sizes (ggml.c's
 * {@code type_traits} of whisper.cpp 1.7.1: block size and bytes per block), and the file types
 * ({@code enum ggml_ftype}) that select them for the weight matrices.
 */
final class GgmlType {

    /** ggml_type → {elements per block, bytes per block}; -1 where the type is not one Whisper files use. */
    private static final int[][] SIZES = {
        {1, 4},     // 0 F32
        {1, 2},     // 1 F16
        {32, 18},   // 2 Q4_0
        {32, 20},   // 3 Q4_1
        {-1, -1},   // 4 (removed Q4_2)
        {-1, -1},   // 5 (removed Q4_3)
        {32, 22},   // 6 Q5_0
        {32, 24},   // 7 Q5_1
        {32, 34},   // 8 Q8_0
    };
    private static final String[] NAMES = {"f32", "f16", "q4_0", "q4_1", "?", "?", "q5_0", "q5_1", "q8_0"};

    /** A quantized file stores GGML_QNT_VERSION (2) times this in its ftype field. */
    static final int QNT_VERSION_FACTOR = 1000;

    private GgmlType() {
    }

    /** Whether {@code type} is a ggml type this validator knows the size of. */
    static boolean known(int type) {
        return type >= 0 && type < SIZES.length && SIZES[type][0] > 0;
    }

    /** The name ggml gives {@code type}, for messages. */
    static String name(int type) {
        return known(type) ? NAMES[type] : "type " + type;
    }

    static long bytes(int type, long elements) {
        int[] s = SIZES[type];
        return elements / s[0] * s[1];
    }

    static int blockSize(int type) {
        return SIZES[type][0];
    }

    /**
     * The weight type of a file type ({@code ggml_ftype_to_ggml_type}), or -1 for a file type that
     * this build aborts on or that is not supported here: 0 (all f32: whisper.cpp 1.7.1's CPU
     * convolution aborts on f32 kernels) and the k-quants.
     */
    static int ofFileType(int ftype) {
        return switch (ftype) {
            case 1 -> 1;
            case 2 -> 2;
            case 3 -> 3;
            case 7 -> 8;
            case 8 -> 6;
            case 9 -> 7;
            default -> -1;
        };
    }
}
