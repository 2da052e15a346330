package dev.earshot.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Recordings with their reference transcripts: a tab-separated manifest with a header naming at
 * least the columns {@code id}, {@code file} and {@code transcript} (the layout of
 * {@code shared/eval/fetched/manifest.tsv}), or the sphinx layout of a {@code fileids} list beside
 * a {@code transcription} file whose lines read {@code <s> words </s> (id)}.
 */
public final class EvalManifest {

    /** One recording and what was said in it. */
    public record Utterance(String id, Path audio, String transcript) {
    }

    /** The manifest a folder of recordings may hold instead of a sphinx transcription file. */
    public static final String MANIFEST_FILE = "manifest.tsv";

    private EvalManifest() {
    }

    /**
     * Reads a set as named on a command line: a TSV manifest file, a sphinx test folder (one with
     * a transcription file), or a folder of recordings with a {@value #MANIFEST_FILE}.
     *
     * @throws IOException if it is none of these, or cannot be read
     */
    public static List<Utterance> read(Path set) throws IOException {
        if (Files.isRegularFile(set)) {
            return readTsv(set);
        }
        if (Files.isDirectory(set)) {
            if (findTranscription(set) != null) {
                return readSphinx(set);
            }
            if (Files.isRegularFile(set.resolve(MANIFEST_FILE))) {
                return readTsv(set.resolve(MANIFEST_FILE));
            }
        }
        throw new IOException("not a manifest (.tsv), a folder with a transcription file, nor a folder with a "
                + MANIFEST_FILE + ": " + set);
    }

    /** Reads a TSV manifest; audio paths are relative to the manifest's folder. */
    public static List<Utterance> readTsv(Path manifest) throws IOException {
        List<String> lines = Files.readAllLines(manifest).stream().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IOException("empty manifest: " + manifest);
        }
        List<String> header = Arrays.stream(lines.getFirst().split("\t"))
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        int id = column(header, "id", manifest);
        int file = column(header, "file", manifest);
        int transcript = column(header, "transcript", manifest);
        List<Utterance> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t", -1);
            if (cols.length <= Math.max(id, Math.max(file, transcript))) {
                throw new IOException("malformed manifest line in " + manifest + ": " + line);
            }
            out.add(new Utterance(cols[id].trim(), manifest.resolveSibling(cols[file].trim()), cols[transcript]));
        }
        return out;
    }

    /**
     * Reads a sphinx test folder: lines of its {@code transcription} (or {@code <name>.transcription})
     * file, audio at {@code <id>.wav}.
     */
    public static List<Utterance> readSphinx(Path folder) throws IOException {
        List<Utterance> out = new ArrayList<>();
        for (String line : Files.readAllLines(transcriptionFile(folder))) {
            int open = line.lastIndexOf('(');
            int close = line.lastIndexOf(')');
            if (line.isBlank()) {
                continue;
            }
            if (open < 0 || close < open) {
                throw new IOException("malformed transcription line: expected '<s> words </s> (id)', found: " + line);
            }
            String id = line.substring(open + 1, close).trim();
            String words = line.substring(0, open).replace("<s>", " ").replace("</s>", " ").trim();
            out.add(new Utterance(id, folder.resolve(id + ".wav"), words));
        }
        return out;
    }

    /** The folder's transcription file, or null if it has none. */
    public static Path findTranscription(Path folder) throws IOException {
        Path plain = folder.resolve("transcription");
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        try (var files = Files.list(folder)) {
            List<Path> named = files.filter(f -> f.getFileName().toString().endsWith(".transcription")).toList();
            return named.size() == 1 ? named.getFirst() : null;
        }
    }

    private static Path transcriptionFile(Path folder) throws IOException {
        Path file = findTranscription(folder);
        if (file == null) {
            throw new IOException("no transcription file in " + folder
                    + ": expected 'transcription' or exactly one '*.transcription'");
        }
        return file;
    }

    private static int column(List<String> header, String name, Path manifest) throws IOException {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IOException("manifest " + manifest + " has no '" + name + "' column: found " + header);
        }
        return i;
    }
}
