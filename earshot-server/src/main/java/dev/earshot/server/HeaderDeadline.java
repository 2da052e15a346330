package dev.earshot.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections whose request head (request line and headers) has not arrived in full
 * within {@link #DEADLINE} of its first byte. Jetty has no such deadline: its idle timeout counts
 * from the last byte read, so a client sending one byte a second (slowloris) holds a connection
 * forever. Jetty's parser state is read through {@link HttpConnection}, in Jetty's internal
 * package: there is no public hook between "some bytes" and "headers complete".
 *
 * <p>Threading: one platform daemon thread looks at the open connections every
 * {@link #CHECK_EVERY}; it alone touches {@link #watched}. {@link #close()} stops it; idempotent.
 */
final class HeaderDeadline implements AutoCloseable {

    /** A real client sends its whole request head in one packet; 5 s is ample over a slow link. */
    static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final Duration CHECK_EVERY = Duration.ofMillis(250);
    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

    /** Since when a connection has been inside the head of its {@code messagesIn}-th request. */
    private record Watch(long messagesIn, long sinceNanos) {
    }

    private final Iterable<Connector> connectors;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("earshot-header-deadline").factory());
    /** Connections caught mid-head at the last check; replaced at each check, so closed ones go. */
    private Map<EndPoint, Watch> watched = new HashMap<>();

    HeaderDeadline(Iterable<Connector> connectors) {
        this.connectors = connectors;
        timer.scheduleWithFixedDelay(this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        long now = System.nanoTime();
        Map<EndPoint, Watch> next = new HashMap<>();
        for (Connector connector : connectors) {
            if (!(connector instanceof AbstractConnector jetty)) {
                continue;
            }
            for (EndPoint endPoint : jetty.getConnectedEndPoints()) {
                if (!(endPoint.getConnection() instanceof HttpConnection http) || !midHead(http.getParser())) {
                    continue;
                }
                Watch seen = watched.get(endPoint);
                Watch watch = seen != null && seen.messagesIn() == http.getMessagesIn() ? seen
                        : new Watch(http.getMessagesIn(), now);
                if (now - watch.sinceNanos() > DEADLINE.toNanos()) {
                    LOG.info("refused code=408 reason=\"request headers not complete within {} s\" remote={}",
                            DEADLINE.toSeconds(), endPoint.getRemoteSocketAddress());
                    endPoint.close();
                } else {
                    next.put(endPoint, watch);
                }
            }
        }
        watched = next;
    }

    /** Some of a request head has been read, not all of it. */
    private static boolean midHead(HttpParser parser) {
        return parser.inHeaderState() && !parser.isStart();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
