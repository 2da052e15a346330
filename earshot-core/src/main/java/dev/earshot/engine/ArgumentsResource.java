package dev.earshot.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A native library's command-line arguments kept in a class-path resource, one flag and its value
 * per line, {@code #} starting a comment line: an engine reads its settings from it, and a tool
 * that runs the library's own program for comparison (the bench) reads the same file.
 */
public final class ArgumentsResource {

    private ArgumentsResource() {
    }

    /**
     * The arguments of resource {@code name}, in order.
     *
     * @throws IOException when the resource is missing or unreadable
     */
    public static List<String> read(ClassLoader loader, String name) throws IOException {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .flatMap(line -> Arrays.stream(line.split("\\s+"))).toList();
        }
    }
}
