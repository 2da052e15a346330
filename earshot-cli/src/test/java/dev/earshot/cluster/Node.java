package dev.earshot.cluster;

import dev.earshot.cli.EarshotProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code earshot serve} in a process of its own on a free loopback port, for tests that drain it
 * (SIGTERM) or kill it (SIGKILL). Its output goes to a log file beside the test's reports.
 */
final class Node implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    final int port;
    final Process process;

    private Node(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** Starts a node with one engine worker; returns at once, see {@link #awaitReady}. */
    static Node start(String name) {
        int port = freePort();
        List<String> command = EarshotProcess.command("serve", "--port", Integer.toString(port), "--workers", "1");
        Path log = Path.of("target", "node-" + name + ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new Node(port, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free now; a node binds it a moment later, which on loopback in a test is safe enough. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code /ready} answers 200. */
    Node awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node on port " + port + " exited with " + process.exitValue());
            }
            if (status("/ready") == 200) {
                return this;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("node on port " + port + " not ready within " + timeout);
    }

    /** The HTTP status of {@code GET path}, or -1 if the node does not answer. */
    int status(String path) {
        try {
            return HTTP.send(get(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The value of a metric without labels in {@code /metrics} of the server on {@code port}. */
    static double metric(int port, String name) throws IOException, InterruptedException {
        String body = HTTP.send(get(port, "/metrics"), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in /metrics of node " + port));
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .build();
    }

    /** SIGTERM: the node drains and exits. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL (Process.destroyForcibly on Linux), and waits for the end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
