package dev.earshot.client;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Opens the new session of a resumed stream: the same URL and settings, retried with exponential
 * backoff while the failure may pass (a node restarting or draining, a balancer without a live
 * node yet), given up at once when it cannot (a refused key, an unknown model). A resuming
 * stream's first session is retried only on error 503 (a draining server, a balancer with no live
 * node): a server that is not running at all must fail the caller at once, not after the backoff.
 */
final class Resumer {

    /** Connection attempts per resume: with the backoff below, about 12 s of trying. */
    static final int MAX_ATTEMPTS = 10;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    /** Failures that trying again cannot fix: bad request, key, model, update, chunk size. */
    private static final Set<Integer> FINAL_CODES = Set.of(400, 401, 403, 404, 409, 413);

    private static final int SERVICE_UNAVAILABLE = 503;

    private final Supplier<WebSocketConnection> open;
    private final RetryConfig resume;
    private final RetryConfig start;

    /** @param open opens a connection with the stream's URL and settings, or throws {@link RealtimeException} */
    Resumer(Supplier<WebSocketConnection> open) {
        this.open = open;
        this.resume = retrying(Resumer::mayPass);
        this.start = retrying(e -> e.errorCode() == SERVICE_UNAVAILABLE);
    }

    private static RetryConfig retrying(Predicate<RealtimeException> when) {
        return RetryConfig.custom()
                .maxAttempts(MAX_ATTEMPTS)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(FIRST_BACKOFF, 2, MAX_BACKOFF))
                .retryOnException(e -> e instanceof RealtimeException r && when.test(r))
                .failAfterMaxAttempts(false)
                .build();
    }

    /**
     * Opens a resuming stream's first session.
     *
     * @throws RealtimeException as the connect does, once the 503s ran out
     */
    WebSocketConnection first() {
        return open(start).connection();
    }

    /** A new connection and the attempts it took. */
    record Opened(WebSocketConnection connection, int attempts) { }

    /**
     * Opens the new session, blocking through the backoff.
     *
     * @throws RealtimeException the last failure, when it cannot pass or the attempts ran out
     */
    Opened open() {
        return open(resume);
    }

    private Opened open(RetryConfig config) {
        AtomicInteger attempts = new AtomicInteger();
        Retry retry = Retry.of("earshot-resume", config);
        WebSocketConnection connection = Retry.decorateSupplier(retry, () -> {
            attempts.incrementAndGet();
            return open.get();
        }).get();
        return new Opened(connection, attempts.get());
    }

    /** Whether a stream that failed with {@code failure} may go on in a new session. */
    static boolean mayPass(RealtimeException failure) {
        return !FINAL_CODES.contains(failure.errorCode());
    }
}
