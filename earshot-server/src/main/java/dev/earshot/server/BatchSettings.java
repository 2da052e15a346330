package dev.earshot.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The limits of batch transcription ({@code POST /v1/audio/transcriptions}) beyond those it
 * shares with realtime sessions (API keys, the maximum audio length).
 *
 * @param maxUploadBytes largest audio file accepted, 1 byte to 2 GiB; a request whose
 *                       {@code Content-Length} says more is refused with 413 before its body
 *                       is read, and one that sends more without saying so is cut off at the limit
 * @param maxJobs        transcriptions running at once; one more gets 429
 * @param allowFileUrls  whether {@code file_url} may make the server fetch audio (over HTTP or
 *                       HTTPS, up to {@code maxUploadBytes}); off by default, since it lets
 *                       clients reach whatever the server's network reaches
 */
public record BatchSettings(long maxUploadBytes, int maxJobs, boolean allowFileUrls) {

    /** 100 MiB: two hours of 96 kbit/s mp3, a few minutes of 48 kHz WAV. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 100L << 20;
    /** Two jobs keep both cores of a small server busy without crowding out realtime streams. */
    public static final int DEFAULT_MAX_JOBS = 2;

    /** @throws IllegalArgumentException for a value out of range, naming the setting */
    public BatchSettings {
        if (maxUploadBytes < 1 || maxUploadBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("batch-max-upload-bytes " + maxUploadBytes
                    + " out of range: expected 1 to " + Integer.MAX_VALUE);
        }
        if (maxJobs < 1 || maxJobs > 10_000) {
            throw new IllegalArgumentException("batch-max-jobs " + maxJobs + " out of range: expected 1 to 10000");
        }
    }

    public static BatchSettings defaults() {
        return new BatchSettings(DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_MAX_JOBS, false);
    }

    /**
     * The defaults, overridden by the properties file's {@code batch-max-upload-bytes},
     * {@code batch-max-jobs} and {@code allow-file-urls}, overridden by
     * {@code EARSHOT_BATCH_MAX_UPLOAD_BYTES}, {@code EARSHOT_BATCH_MAX_JOBS} and
     * {@code EARSHOT_ALLOW_FILE_URLS}: the same file and variables as {@link ServerConfig}.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException for a value that does not parse or is out of range
     */
    public static BatchSettings fromEnvironmentAndFile(Map<String, String> env, Path fileOrNull) throws IOException {
        return ConfigLoader.loadBatch(env, fileOrNull);
    }

    public BatchSettings withMaxUploadBytes(long bytes) {
        return new BatchSettings(bytes, maxJobs, allowFileUrls);
    }

    public BatchSettings withMaxJobs(int jobs) {
        return new BatchSettings(maxUploadBytes, jobs, allowFileUrls);
    }

    public BatchSettings withAllowFileUrls(boolean allow) {
        return new BatchSettings(maxUploadBytes, maxJobs, allow);
    }
}
