package dev.earshot.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import dev.earshot.audio.WavAudio;
import dev.earshot.audio.WavReader;
import dev.earshot.engine.SpeechEngine;
import dev.earshot.engine.StreamOptions;
import dev.earshot.eval.EvalManifest.Utterance;
import dev.earshot.eval.Percentile;
import dev.earshot.eval.WordErrorRate;
import dev.earshot.models.ModelRegistry;
import dev.earshot.os.CpuTime;
import dev.earshot.streaming.TextCommit;
import dev.earshot.streaming.Transcript;
import dev.earshot.streaming.TranscriptEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code earshot bench eval}: word error rate of the streaming core at several delays, with the CPU time
 * it took, over recordings with reference transcripts; and how far past the delay each word was
 * committed, in audio time, which is what the delay policy adds to latency before any CPU or
 * network time.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Word error rate and CPU per audio second of the streaming core, per target delay.")
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SET", arity = "1..*",
            description = "a manifest .tsv (id, file, transcript columns), a sphinx test folder (transcription file), "
                    + "or a folder with a manifest.tsv")
    List<Path> sets;

    @Option(names = "--delays", split = ",", paramLabel = "MS", defaultValue = "0,240,480,960,2400",
            description = "target delays to measure (default ${DEFAULT-VALUE})")
    List<Integer> delays;

    @Option(names = "--hypotheses", paramLabel = "DIR",
            description = "also write each delay's hypotheses as DIR/delay-MS.tsv (id<TAB>text), for eval/wer.py")
    Path hypothesesDir;

    @Option(names = "--engine-arg", paramLabel = "NAME=VALUE",
            description = "an engine option for the model, e.g. for pocketsphinx a decoder argument instead of "
                    + "Earshot's: -fwdflat=yes (repeatable)")
    Map<String, String> engineArguments = new LinkedHashMap<>();

    @Mixin
    ModelOption model;

    @Option(names = "--bias-lists", paramLabel = "FILE",
            description = "per recording, id<TAB>phrase<TAB>phrase... (scripts/bias-lists.sh makes them by a rule): "
                    + "each delay runs without and then with them as context bias, scoring the listed words "
                    + "(B-WER) and the rest (U-WER) apart")
    Path biasLists;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<Utterance> corpus = Corpus.read(sets);
        Map<String, List<String>> bias = biasLists == null ? Map.of() : readBiasLists(biasLists);
        List<WavAudio> audio = new ArrayList<>();
        double audioSeconds = 0;
        for (Utterance u : corpus) {
            WavAudio wav = WavReader.read(u.audio());
            audio.add(wav);
            audioSeconds += wav.seconds();
        }
        out.printf("%d recordings, %.1f s of audio%n", corpus.size(), audioSeconds);
        out.printf("%8s %8s %8s %8s %14s %21s%s%n", "delay_ms", "WER", "edits", "words", "cpu_s/audio_s",
                "lag_ms p50/p95/p99", biasLists == null ? "" : String.format(" %5s %22s %22s", "bias",
                        "B-WER (edits/words)", "U-WER (edits/words)"));
        Map<String, String> options = new LinkedHashMap<>(engineArguments);
        options.put("workers", "1");
        try (ModelRegistry models = model.open(options)) {
            SpeechEngine engine = models.require(model.id);
            for (int delay : delays) {
                for (boolean biased : biasLists == null ? List.of(false) : List.of(false, true)) {
                    long cpuBefore = CpuTime.selfNanos();
                    Run run = run(engine, corpus, audio, delay, biased ? bias : Map.of(), bias);
                    double cpu = (CpuTime.selfNanos() - cpuBefore) / 1e9;
                    WordErrorRate.Score total = run.split.biased().plus(run.split.rest());
                    out.printf("%8d %7.2f%% %8d %8d %14.4f %21s%s%n", delay, 100 * total.rate(), total.edits(),
                            total.referenceWords(), cpu / audioSeconds, lagPercentiles(run.lags),
                            biasLists == null ? "" : String.format(" %5s %22s %22s", biased ? "on" : "off",
                                    rate(run.split.biased()), rate(run.split.rest())));
                    out.flush();
                    writeHypotheses(delay + (biased ? "-bias" : ""), run.hypotheses);
                }
            }
        }
        return 0;
    }

    /** One delay's pass over the corpus: the edits split by {@code scored}, lags, hypothesis lines. */
    private record Run(WordErrorRate.Split split, List<Long> lags, List<String> hypotheses) {
    }

    private static Run run(SpeechEngine engine, List<Utterance> corpus, List<WavAudio> audio, int delay,
            Map<String, List<String>> applied, Map<String, List<String>> scored) {
        WordErrorRate.Split split = WordErrorRate.Split.ZERO;
        List<String> hyps = new ArrayList<>();
        List<Long> lags = new ArrayList<>();
        Consumer<TranscriptEvent> lagOfEachWord = event -> {
            if (event instanceof TextCommit commit) {
                commit.words().forEach(w -> lags.add(commit.audioMs() - w.endMs() - delay));
            }
        };
        for (int i = 0; i < corpus.size(); i++) {
            String id = corpus.get(i).id();
            StreamOptions options = new StreamOptions(delay, null, applied.getOrDefault(id, List.of()), null);
            Transcript t = TranscribeCommand.transcribe(engine, audio.get(i), options, lagOfEachWord);
            Set<String> words = Set.copyOf(WordErrorRate.normalize(String.join(" ", scored.getOrDefault(id, List.of()))));
            split = split.plus(WordErrorRate.scoreSplit(corpus.get(i).transcript(), t.text(), words::contains));
            hyps.add(id + "\t" + t.text());
        }
        return new Run(split, lags, hyps);
    }

    private static String rate(WordErrorRate.Score score) {
        return String.format("%.2f%% (%d/%d)", 100 * score.rate(), score.edits(), score.referenceWords());
    }

    /** Lines of id, then phrases, tab-separated. */
    private static Map<String, List<String>> readBiasLists(Path file) throws IOException {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            List<String> fields = List.of(line.split("\t"));
            if (!line.isBlank()) {
                lists.put(fields.getFirst(), fields.subList(1, fields.size()));
            }
        }
        return lists;
    }

    /** p50/p95/p99 of the lags in ms; "-" if no word was committed. */
    private static String lagPercentiles(List<Long> lags) {
        if (lags.isEmpty()) {
            return "-";
        }
        double[] sorted = lags.stream().mapToDouble(Long::doubleValue).sorted().toArray();
        return String.format("%.0f/%.0f/%.0f", Percentile.nearestRank(sorted, 50), Percentile.nearestRank(sorted, 95),
                Percentile.nearestRank(sorted, 99));
    }

    private void writeHypotheses(String delay, List<String> lines) throws IOException {
        if (hypothesesDir != null) {
            Files.createDirectories(hypothesesDir);
            Files.write(hypothesesDir.resolve("delay-" + delay + ".tsv"), lines);
        }
    }
}
