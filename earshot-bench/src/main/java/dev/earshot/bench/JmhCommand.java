package dev.earshot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code bench jmh [JMH options]}: the audio path's JMH benchmarks, with JMH's own command line. */
@Command(name = "jmh", description = "Run the JMH benchmarks of the audio path, e.g. jmh -f 1 -wi 2 -i 3.")
final class JmhCommand implements Callable<Integer> {

    @Unmatched
    List<String> jmhArguments = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(jmhArguments.toArray(String[]::new));
        return 0;
    }
}
