package dev.earshot.client;

import java.time.Duration;

/**
 * A stream lost its connection and goes on in a new session: what
 * {@link RealtimeClient.Builder#onResume} is told. The events the caller reads do not change: text
 * already delivered is not delivered again, and times still count from the start of the stream.
 *
 * @param cause         why the previous connection ended
 * @param previousRequestId the {@code request_id} of the session that was lost
 * @param requestId     the {@code request_id} of the new session
 * @param fromSeconds   where in the stream the new session starts: the end of the last segment
 *                      the lost session finished, unless more audio than the kept limit came since
 * @param resentSeconds audio sent again to the new session
 * @param attempts      connection attempts it took, at least 1
 * @param reconnect     from noticing the loss to the new session's {@code session.created}
 */
public record Resumption(RealtimeException cause, String previousRequestId, String requestId, double fromSeconds,
        double resentSeconds, int attempts, Duration reconnect) {
}
