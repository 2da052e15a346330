package dev.earshot.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.earshot.models.ModelConfig;
import dev.earshot.models.ModelRegistry;
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

    @Option(names = "--workers", description = "engine threads (default: one per core)")
    Integer workers;

    @Option(names = "--shutdown-grace-seconds", defaultValue = "30",
            description = "how long running sessions may finish after SIGTERM (default ${DEFAULT-VALUE})")
    int graceSeconds;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = configure(ServerConfig.fromEnvironmentAndFile(System.getenv(), configFile));
        ModelConfig models = ModelConfig.defaults();
        if (workers != null) {
            models = models.withOption("workers", Integer.toString(workers));
        }
        try (ModelRegistry registry = ModelRegistry.open(models);
             EarshotServer server = new EarshotServer(config, registry.engines())) {
            int bound = server.start();
            spec.commandLine().getOut().printf("earshot listening on ws://%s:%d/v1/audio/transcriptions/realtime%n",
                    config.host(), bound);
            spec.commandLine().getOut().flush();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                server.shutdown(Duration.ofSeconds(graceSeconds));
                stopped.countDown();
            }));
            stopped.await();
        }
        return 0;
    }

    private ServerConfig configure(ServerConfig config) {
        if (host != null) {
            config = config.withHost(host);
        }
        if (port != null) {
            config = config.withPort(port);
        }
        if (apiKeys != null) {
            config = config.withApiKeys(new LinkedHashSet<>(apiKeys));
        }
        if (allowUnauthenticated) {
            config = config.withAllowUnauthenticated(true);
        }
        if (maxSessions != null) {
            config = config.withMaxSessions(maxSessions);
        }
        return config;
    }
}
