package dev.earshot.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import dev.earshot.server.ServerConfig;
import picocli.CommandLine.Option;

/** What every measuring subcommand shares: the recordings, the server and the pacing. */
final class BenchOptions {

    @Option(names = "--set", paramLabel = "PATH", description = "a manifest .tsv, a sphinx test folder, or a "
            + "folder with a manifest.tsv (repeatable; default the LibriVox set in "
            + "/usr/share/pocketsphinx/test/data/librivox)")
    List<Path> sets = List.of(Recording.LIBRIVOX);

    @Option(names = "--server", paramLabel = "URL", description = "measure this server instead of one started "
            + "in process on port 0")
    String server;

    @Option(names = "--server-pid", paramLabel = "PID", description = "the --server's process, for its CPU and memory")
    long serverPid;

    @Option(names = "--api-key", paramLabel = "KEY", description = "for --server")
    String apiKey;

    @Option(names = "--model", defaultValue = ServerConfig.SEED_MODEL_ID)
    String model;

    @Option(names = "--chunk-ms", defaultValue = "100", description = "audio per append (default ${DEFAULT-VALUE})")
    int chunkMs;

    @Option(names = "--fast", description = "send as fast as the server takes it instead of in real time")
    boolean fast;

    @Option(names = "--core", description = "send the streams through the streaming core in this process, "
            + "with no server and no socket (same pacing and timing), to see what the server path adds")
    boolean core;

    @Option(names = "--seconds", defaultValue = "30",
            description = "audio per stream in each step, whole recordings (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--json", paramLabel = "FILE", description = "write the results here")
    Path json;

    @Option(names = "--max-sessions", defaultValue = "256", description = "the in-process server's session limit")
    int maxSessions;

    /** Where the steps' streams go. */
    LoadStep.Via via() {
        return core ? LoadStep.Via.CORE : LoadStep.Via.SERVER;
    }

    List<Recording> recordings() throws IOException {
        return Recording.readAll(sets);
    }

    Target target() {
        return server == null ? Target.inProcess(maxSessions, model) : Target.remote(server, serverPid, model);
    }

    /** References decode on the target's engine: the server's in process, a local one for a remote server. */
    References references(Target target) {
        return new References(target.engine(), chunkMs);
    }

    LoadStep loadStep(Target target, List<Recording> recordings) {
        return new LoadStep(target, references(target), recordings, model, apiKey, chunkMs);
    }
}
