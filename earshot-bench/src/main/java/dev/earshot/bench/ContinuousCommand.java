package dev.earshot.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.earshot.eval.EvalManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bench continuous}: Debian's {@code pocketsphinx_continuous}, the raw library's own decoder,
 * as the baseline the streaming core is compared with: each recording's text, for {@code wer}, or
 * the CPU seconds of decoding a file. The same decoder command line as the {@code all} step's.
 */
@Command(name = "continuous", mixinStandardHelpOptions = true,
        description = "pocketsphinx_continuous on each recording of SET: id<TAB>text lines (for wer); "
                + "with --cpu, FILE<TAB>CPU seconds of decoding each WAV FILE.")
final class ContinuousCommand implements Callable<Integer> {

    /** The decoder's search: the engine's below 640 ms, the library's as shipped, the engine's from 640 ms. */
    enum Search {
        earshot, library, bestpath;

        List<String> arguments() throws IOException {
            return switch (this) {
                case earshot -> Baseline.searchArguments();
                case library -> List.of();
                case bestpath -> List.of("-fwdflat", "no");
            };
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--search", defaultValue = "earshot",
            description = "earshot: Earshot's search settings (" + Baseline.SEARCH_ARGUMENTS
                    + "); library: pocketsphinx's defaults; bestpath: the defaults without the forward-flat pass, "
                    + "as Earshot searches from 640 ms (default ${DEFAULT-VALUE})")
    Search search;

    @Option(names = "--cpu", description = "measure the CPU of decoding each WAV FILE instead")
    boolean cpu;

    @Parameters(paramLabel = "SET|FILE", arity = "1..*",
            description = "a manifest .tsv or a sphinx test folder; with --cpu, WAV files")
    List<Path> inputs;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<String> arguments = search.arguments();
            for (Path input : inputs) {
                if (!Files.exists(input)) {
                    throw new IOException("no such file: " + input);
                }
                if (cpu) {
                    out.printf(Locale.ROOT, "%s\t%.2f%n", input, Baseline.continuousCpuSeconds(input, arguments));
                } else {
                    for (EvalManifest.Utterance u : EvalManifest.read(input)) {
                        out.println(u.id() + "\t" + Baseline.continuousText(u.audio(), arguments));
                    }
                }
                out.flush();
            }
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println("bench continuous: " + e.getMessage());
            return 1;
        }
    }
}
