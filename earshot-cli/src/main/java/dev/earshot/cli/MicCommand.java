package dev.earshot.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;
import dev.earshot.models.ModelRegistry;
import dev.earshot.protocol.ServerEvent;
import dev.earshot.streaming.TargetDelay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code earshot mic}: transcribes the microphone live, in process or on a server, until ctrl+c. */
@Command(name = "mic", mixinStandardHelpOptions = true,
        description = "Transcribe the microphone live, printing text as it comes (ctrl+c stops).")
final class MicCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", description = "transcribe on this server instead of in process")
    String server;

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key for --server (default: env MISTRAL_API_KEY)")
    String apiKey;

    @Mixin
    ModelOption model;

    @Option(names = "--rate", description = "sample rate in Hz (default ${DEFAULT-VALUE})", defaultValue = "16000")
    int rate;

    @Option(names = "--chunk-ms", description = "audio per message in ms (default ${DEFAULT-VALUE})", defaultValue = "100")
    int chunkMs;

    @Option(names = "--delay", paramLabel = "MS", description = "target streaming delay in ms (default "
            + TargetDelay.DEFAULT_MS + ")")
    Integer delayMs;

    @Option(names = "--device", paramLabel = "NAME", description = "capture device (a part of its name)")
    String device;

    @Option(names = "--list-devices", description = "list the capture devices and exit")
    boolean listDevices;

    @Override
    public Integer call() {
        return CommandFailure.run(spec, this::run);
    }

    private int run() {
        PrintWriter out = spec.commandLine().getOut();
        if (listDevices) {
            List<String> devices = Microphone.devices(rate);
            out.println(devices.isEmpty() ? "none" : String.join(System.lineSeparator(), devices));
            out.flush();
            return 0;
        }
        dev.earshot.audio.AudioFormat format = new dev.earshot.audio.AudioFormat(
                dev.earshot.audio.AudioEncoding.PCM_S16LE, rate);
        try (Microphone mic = Microphone.open(rate, chunkMs, device)) {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(mic::close));
            if (server == null) {
                try (ModelRegistry models = model.open(Map.of("workers", "1"))) {
                    TranscribeCommand.transcribe(models.require(model.id), format, mic,
                            StreamOptions.ofDelay(TargetDelay.ofNullable(delayMs).millis()),
                            TranscribeCommand.printing(out));
                }
            } else {
                try (ServerTranscriber remote = new ServerTranscriber(server, apiKey, spec.commandLine().getErr())) {
                    remote.transcribe(mic, format, model.id, delayMs, event -> {
                        if (event instanceof ServerEvent.TextDelta(String text)) {
                            out.print(text);
                            out.flush();
                        }
                    });
                }
            }
        }
        out.println();
        out.flush();
        return 0;
    }
}
