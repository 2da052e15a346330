package dev.earshot.engine.pocketsphinx;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.earshot.engine.NativeLog;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Sends pocketsphinx's own log to SLF4J (a {@link NativeLog}, logger {@code pocketsphinx})
 * instead of stderr.
 *
 * <p>sphinxbase writes its log with {@code fprintf} to one process-wide {@code FILE*}
 * ({@code err_set_logfp}); its callback hook is variadic, which an FFM upcall cannot be. So the
 * log goes into a pipe whose read end a daemon thread turns into log lines: ERROR and FATAL lines
 * at warn, the rest at debug. Done once per process; a pipe that cannot be made silences the log.
 */
final class LogPipe {

    private static final NativeLog NATIVE = new NativeLog("pocketsphinx");
    /** The pipe's own trouble, apart from the library's lines. */
    private static final Logger LOG = LoggerFactory.getLogger(LogPipe.class);
    /** {@code _IOLBF} from glibc's stdio.h: flush the FILE at each newline, so lines arrive whole. */
    private static final int LINE_BUFFERED = 1;

    private LogPipe() {
    }

    static void install() {
        NATIVE.installOnce(LogPipe::route);
    }

    private static void route() {
        try {
            MemorySegment file = openPipe();
            PocketSphinxLibrary.ERR_SET_LOGFP.invokeExact(file);
        } catch (Throwable t) {
            LOG.warn("cannot route the pocketsphinx log through a pipe ({}); silencing it", t.toString());
            try {
                PocketSphinxLibrary.ERR_SET_LOGFP.invokeExact(MemorySegment.NULL);
            } catch (Throwable again) {
                throw new LinkageError("err_set_logfp failed", again);
            }
        }
    }

    private static MemorySegment openPipe() throws Throwable {
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        MethodHandle pipe = linker.downcallHandle(libc.find("pipe").orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        MethodHandle fdopen = linker.downcallHandle(libc.find("fdopen").orElseThrow(),
                FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS));
        MethodHandle setvbuf = linker.downcallHandle(libc.find("setvbuf").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_LONG));
        int readFd;
        MemorySegment file;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            if ((int) pipe.invokeExact(fds) != 0) {
                throw new IOException("pipe() failed");
            }
            readFd = fds.getAtIndex(JAVA_INT, 0);
            file = (MemorySegment) fdopen.invokeExact(fds.getAtIndex(JAVA_INT, 1), arena.allocateFrom("w"));
        }
        if (file.equals(MemorySegment.NULL)) {
            throw new IOException("fdopen() failed");
        }
        if ((int) setvbuf.invokeExact(file, MemorySegment.NULL, LINE_BUFFERED, 0L) != 0) {
            throw new IOException("setvbuf() failed");
        }
        FileInputStream in = new FileInputStream("/proc/self/fd/" + readFd);
        Thread.ofPlatform().daemon(true).name("pocketsphinx-log").start(() -> pump(in));
        return file;
    }

    private static void pump(FileInputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                NATIVE.line(line, line.startsWith("ERROR") || line.startsWith("FATAL"));
            }
        } catch (IOException e) {
            LOG.warn("pocketsphinx log pipe closed: {}", e.toString());
        }
    }
}
