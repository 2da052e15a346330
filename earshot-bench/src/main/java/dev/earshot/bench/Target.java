package dev.earshot.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.earshot.engine.SpeechEngine;
import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;
import dev.earshot.os.CpuTime;
import dev.earshot.os.ProcStatus;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.ServerConfig;

/**
 * The server being measured: one started in this process on loopback port 0, or one at a URL.
 *
 * <p>In process, CPU time is the whole JVM's ({@link CpuTime#selfNanos()}),
 * so it includes the benchmark's own clients (JSON, base64, WebSocket framing); resident memory
 * is this process's. For a remote server both come from {@code /proc/<pid>} when its pid is given,
 * and are unknown (-1) otherwise. Thread-safe.
 */
abstract sealed class Target implements AutoCloseable {

    /** The base URL for the SDK, such as {@code ws://127.0.0.1:8000}. */
    abstract String baseUrl();

    /** CPU nanoseconds the server process has used so far, or -1 if unknown. */
    abstract long cpuNanos();

    /** The server process's VmRSS in bytes, or -1 if unknown. */
    abstract long rssBytes();

    /** Recognizers open in the server's engine right now. */
    abstract int openRecognizers();

    /** What {@link #cpuNanos()} counts, for the report. */
    abstract String cpuSource();

    /**
     * The engine for reference decodes and for steps through the core alone: the server's in
     * process, a local one for a remote server.
     */
    abstract SpeechEngine engine();

    @Override
    public abstract void close();

    /** A server in this process serving just {@code model} (an id or alias of the configured models). */
    static Target inProcess(int maxSessions, String model) {
        return new InProcess(maxSessions, model);
    }

    /** A server at {@code url}; reference decodes run on {@code model} in this process. */
    static Target remote(String url, long pidOrZero, String model) {
        return new Remote(url, pidOrZero, model);
    }

    /**
     * Loads one model in this process: {@code pocketsphinx-en-us} or one of the
     * {@code EARSHOT_MODEL_*} variables, as {@code earshot serve} configures them.
     *
     * @throws IllegalArgumentException if it is not configured or does not load (one line)
     */
    static ModelRegistry openModel(String model) {
        ModelRegistry models = ModelRegistry.open(ModelConfig.defaults().withEnvironment(System.getenv()).only(model));
        if (!models.failures().isEmpty()) {
            models.close();
            throw new IllegalArgumentException(models.failures().values().iterator().next());
        }
        return models;
    }

    static final class InProcess extends Target {
        private final ModelRegistry models;
        private final SpeechEngine engine;
        private final EarshotServer server;
        private final int port;

        InProcess(int maxSessions, String model) {
            models = openModel(model);
            engine = models.require(model);
            server = new EarshotServer(ServerConfig.builder().port(0).maxSessions(maxSessions).build(), List.of(engine));
            port = server.start();
        }

        @Override
        String baseUrl() {
            return "ws://127.0.0.1:" + port;
        }

        @Override
        long cpuNanos() {
            return CpuTime.selfNanos();
        }

        @Override
        long rssBytes() {
            return ProcStatus.residentBytes("self");
        }

        @Override
        int openRecognizers() {
            return engine.openRecognizers();
        }

        @Override
        String cpuSource() {
            return "the benchmark JVM's process CPU time: in-process server and its WebSocket clients together";
        }

        @Override
        SpeechEngine engine() {
            return engine;
        }

        @Override
        public void close() {
            server.shutdown(Duration.ofSeconds(5));
            models.close();
        }
    }

    static final class Remote extends Target {
        private final String url;
        private final long pid;
        private final HttpClient http = HttpClient.newHttpClient();
        private final String model;
        /** Opened on first use, guarded by this. */
        private ModelRegistry localModels;

        Remote(String url, long pid, String model) {
            this.url = url.replaceFirst("/+$", "");
            this.pid = pid;
            this.model = model;
        }

        @Override
        String baseUrl() {
            return url;
        }

        @Override
        long cpuNanos() {
            if (pid <= 0) {
                return -1;
            }
            return CpuTime.processNanos(pid);
        }

        @Override
        long rssBytes() {
            return pid <= 0 ? -1 : ProcStatus.residentBytes(Long.toString(pid));
        }

        @Override
        int openRecognizers() {
            String http = url.replaceFirst("^ws", "http");
            try {
                String body = this.http.send(HttpRequest.newBuilder(URI.create(http + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                return (int) MetricsText.sum(body, "earshot_recognizers_open");
            } catch (IOException e) {
                return -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        String cpuSource() {
            return pid > 0 ? "the server process's utime+stime from /proc/" + pid + "/stat" : "unknown (no --server-pid)";
        }

        /**
         * The same model in this process, opened on first use, for the reference decodes that
         * give every word's end and for steps through the core alone; it assumes the server
         * configures that id as this process does, and where it does not the texts differ and the
         * step falls back to segment ends.
         */
        @Override
        SpeechEngine engine() {
            synchronized (this) {
                if (localModels == null) {
                    localModels = openModel(model);
                }
                return localModels.require(model);
            }
        }

        @Override
        public void close() {
            http.close();
            synchronized (this) {
                if (localModels != null) {
                    localModels.close();
                }
            }
        }
    }
}
