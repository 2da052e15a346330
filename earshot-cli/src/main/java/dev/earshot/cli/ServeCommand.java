package dev.earshot.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;
import dev.earshot.server.BatchSettings;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code earshot serve}: the realtime server. Settings come from the defaults, then the config file,
 * then {@code EARSHOT_*} variables, then these flags. Runs until SIGTERM or ctrl+c, then drains.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the realtime transcription server (Mistral's realtime WebSocket protocol).")
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", description = "address to bind (default 127.0.0.1)")
    String host;

    @Option(names = "--port", description = "port to listen on (default 8000; 0 picks a free one)")
    Integer port;

    @Option(names = "--config", paramLabel = "FILE", description = "settings in Java properties format")
    Path configFile;

    @Option(names = "--api-key", paramLabel = "KEY", description = "an API key clients must present (repeatable)")
    List<String> apiKeys;

    @Option(names = "--allow-unauthenticated",
            description = "allow binding a non-loopback address with no API keys (anyone who reaches it can use it)")
    boolean allowUnauthenticated;

    @Option(names = "--max-sessions", description = "sessions at once; one more is refused with 429")
    Integer maxSessions;

    @Option(names = "--max-batch-jobs",
            description = "POST /v1/audio/transcriptions jobs at once; one more is refused with 429 (default 2)")
    Integer maxBatchJobs;

    @Option(names = "--allow-file-urls",
            description = "let batch requests name a file_url for the server to fetch (off: it reaches your network)")
    boolean allowFileUrls;

    @Option(names = "--workers", description = "engine threads per model (default: one per core)")
    Integer workers;

    @Option(names = "--model-config", paramLabel = "ID=ENGINE:LOCATION",
            description = "serve a model, e.g. whisper-base=whisper:/models/ggml-base.en.bin, or ID=MODEL_ID for an "
                    + "alias; added to the config file's and EARSHOT_MODEL_* ones (repeatable)")
    Map<String, String> modelSettings = new LinkedHashMap<>();

    @Option(names = "--shutdown-grace-seconds", defaultValue = "30",
            description = "how long running sessions may finish after SIGTERM (default ${DEFAULT-VALUE})")
    int graceSeconds;

    /** Engine threads beyond this would only queue for the cores and hold a model each. */
    private static final int MAX_WORKERS = 1024;

    /**
     * Settings are read and checked, and the port bound once, before any model loads: an
     * operator's mistake is one line on stderr within a second, exit code 2 for a setting (usage)
     * and 1 for what the machine refused (runtime).
     */
    @Override
    public Integer call() throws Exception {
        ServerConfig config;
        BatchSettings batch;
        try {
            config = configure(ServerConfig.fromEnvironmentAndFile(System.getenv(), configFile));
            batch = configure(BatchSettings.fromEnvironmentAndFile(System.getenv(), configFile));
            EarshotServer.checkBinding(config);
        } catch (IllegalArgumentException e) {
            return CommandFailure.usage(spec, e.getMessage());
        } catch (IOException e) {
            return CommandFailure.report(spec, e.getMessage());
        }
        return CommandFailure.run(spec, () -> loadAndServe(config, batch));
    }

    private BatchSettings configure(BatchSettings batch) {
        if (maxBatchJobs != null) {
            batch = batch.withMaxJobs(maxBatchJobs);
        }
        return allowFileUrls ? batch.withAllowFileUrls(true) : batch;
    }

    private int loadAndServe(ServerConfig config, BatchSettings batch) throws InterruptedException {
        ModelConfig models = config.models();
        if (workers != null) {
            models = models.withOption("workers", Integer.toString(workers));
        }
        try (ModelRegistry registry = ModelRegistry.open(models)) {
            registry.failures().values().forEach(reason -> CommandFailure.report(spec, reason + " (not served)"));
            if (registry.engines().isEmpty()) {
                throw new CommandFailure("no model loaded: nothing to serve");
            }
            return serve(config, batch, registry);
        }
    }

    private int serve(ServerConfig config, BatchSettings batch, ModelRegistry registry) throws InterruptedException {
        try (EarshotServer server = new EarshotServer(config, registry.engines(), batch)) {
            // Before the server starts, so that a SIGTERM right after the listening line drains
            // (shutdown waits for start); one during the model load just ends the process.
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                server.shutdown(Duration.ofSeconds(graceSeconds));
                stopped.countDown();
            }));
            int bound = startOrFail(server);
            spec.commandLine().getOut().printf("earshot listening on ws://%s:%d/v1/audio/transcriptions/realtime%n",
                    config.host(), bound);
            spec.commandLine().getOut().flush();
            stopped.await();
        }
        return 0;
    }

    /** Javalin wraps a bind that fails after all (another process took the port meanwhile). */
    private static int startOrFail(EarshotServer server) {
        try {
            return server.start();
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof IOException)) {
                cause = cause.getCause();
            }
            throw new CommandFailure("cannot start: " + cause.getMessage());
        }
    }

    private ServerConfig configure(ServerConfig config) {
        if (workers != null && (workers < 1 || workers > MAX_WORKERS)) {
            throw new IllegalArgumentException("--workers " + workers + ": expected 1 to " + MAX_WORKERS);
        }
        if (graceSeconds < 0) {
            throw new IllegalArgumentException("--shutdown-grace-seconds " + graceSeconds + ": expected 0 or more");
        }
        ServerConfig.Builder changed = config.toBuilder().models(config.models().withSettings(modelSettings));
        if (host != null) {
            changed.host(host);
        }
        if (port != null) {
            changed.port(port);
        }
        if (apiKeys != null) {
            changed.apiKeys(new LinkedHashSet<>(apiKeys));
        }
        if (allowUnauthenticated) {
            changed.allowUnauthenticated(true);
        }
        if (maxSessions != null) {
            changed.maxSessions(maxSessions);
        }
        return changed.build();
    }
}
