package dev.earshot.server.session;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException;

import dev.earshot.engine.SpeechEngine;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.ProtocolCodec;
import dev.earshot.server.auth.Authenticator;
import dev.earshot.server.ops.ServerMetrics;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;

/**
 * The realtime WebSocket, {@value #PATH}: admits connections, runs one {@link RealtimeSession}
 * per connection on its own virtual thread, and stops them on shutdown.
 *
 * <h2>Errors and close codes</h2>
 * <table>
 * <caption>What each condition sends</caption>
 * <tr><th>condition</th><th>error.code</th><th>then</th></tr>
 * <tr><td>malformed JSON, missing/unknown {@code type}, wrong field type, bad base64,
 *     invalid session value, binary frame, message after {@code input_audio.end},
 *     trailing bytes of an incomplete sample at the end</td><td>400</td><td>session goes on</td></tr>
 * <tr><td>missing or wrong API key or client secret</td><td>401</td><td>close 1008</td></tr>
 * <tr><td>unknown or missing {@code model}</td><td>404</td><td>close 1008</td></tr>
 * <tr><td>{@code session.update} after the first append</td><td>409</td><td>session goes on</td></tr>
 * <tr><td>append over the chunk limit</td><td>413</td><td>chunk dropped, session goes on</td></tr>
 * <tr><td>too many sessions at once, in all or for one API key or client secret</td><td>429</td>
 *     <td>close 1013 (try again later)</td></tr>
 * <tr><td>idle timeout (no audio), maximum session length</td><td>429</td><td>close 1008</td></tr>
 * <tr><td>engine failure</td><td>500</td><td>close 1011</td></tr>
 * <tr><td>server draining or shutting down</td><td>503</td><td>close 1001</td></tr>
 * <tr><td>text frame over the size limit</td><td>none</td><td>close 1009 by Jetty</td></tr>
 * <tr><td>{@code transcription.done} sent</td><td>none</td><td>close 1000</td></tr>
 * </table>
 * A refused connection is upgraded first and then gets its {@code error} before any
 * {@code session.created}: the SDKs fail their connect with that error's message, whereas an
 * HTTP 401 on the upgrade would surface as a bare handshake failure.
 *
 * <p>Thread-safe: Jetty calls the handlers from its threads.
 */
public final class RealtimeEndpoint {

    public static final String PATH = "/v1/audio/transcriptions/realtime";
    private static final Logger LOG = LoggerFactory.getLogger(RealtimeEndpoint.class);
    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";
    private static final int REQUEST_ID_BYTES = 12;

    private final ModelCatalog models;
    private final Authenticator auth;
    private final ServerMetrics metrics;
    private final SessionLimits limits;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final SecureRandom random = new SecureRandom();
    /** By Javalin's session id; a session removes itself when its loop ends. */
    private final Map<String, RealtimeSession> sessions = new ConcurrentHashMap<>();
    /** Sessions admitted and not yet ended; reserved before a session starts so that a burst
     *  of connections cannot overshoot the limit. */
    private final AtomicInteger admitted = new AtomicInteger();
    /** Sessions running per credential (the digest of an API key or client secret); bounded by
     *  the sessions running, as entries go at zero. */
    private final Map<String, Integer> perCredential = new ConcurrentHashMap<>();
    private volatile boolean draining;

    public RealtimeEndpoint(ModelCatalog models, Authenticator auth, ServerMetrics metrics, SessionLimits limits) {
        this.models = models;
        this.auth = auth;
        this.metrics = metrics;
        this.limits = limits;
    }

    /** Installs the WebSocket handlers. */
    public void configure(WsConfig ws) {
        ws.onConnect(this::connect);
        ws.onMessage(ctx -> offer(ctx, new Inbound.Text(ctx.message(), System.nanoTime())));
        ws.onBinaryMessage(ctx -> offer(ctx, new Inbound.Binary(ctx.data().remaining())));
        ws.onClose(ctx -> stop(ctx, new Inbound.Stop("client closed: " + ctx.status() + " " + ctx.reason(),
                ctx.status(), true)));
        ws.onError(ctx -> stop(ctx, new Inbound.Stop("socket error: " + ctx.error(),
                ctx.error() instanceof MessageTooLargeException ? CloseCodes.MESSAGE_TOO_BIG : CloseCodes.ABNORMAL, true)));
    }

    /**
     * Before the upgrade: a client that sends its secret as a subprotocol gets {@code realtime}
     * back, never the secret; Javalin would echo the first one offered. A client that did not
     * offer {@code realtime} then fails its own handshake (RFC 6455 section 4.1), which is the
     * refusal it deserves.
     */
    public static void chooseSubprotocol(Context ctx) {
        if (Authenticator.offersSecretSubprotocol(subprotocols(ctx.header(SEC_WEBSOCKET_PROTOCOL)))) {
            ctx.header(SEC_WEBSOCKET_PROTOCOL, Authenticator.REALTIME_SUBPROTOCOL);
        }
    }

    /** New connections are refused with error 503 from now on; running sessions go on. */
    public void drain() {
        draining = true;
    }

    /** Waits up to {@code timeout} for every session to end; true if they all did. */
    public boolean awaitSessions(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (admitted.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Ends every running session with error 503 and close 1001. Never blocks. */
    public void abortAll() {
        sessions.values().forEach(s -> s.stop(new Inbound.Stop("server shutting down", CloseCodes.GOING_AWAY, false)));
    }

    /** Sessions running now. */
    public int activeSessions() {
        return admitted.get();
    }

    private void connect(WsConnectContext ctx) {
        String model = ctx.queryParam("model");
        Optional<SpeechEngine> engine = models.find(model);
        Authenticator.Admission admission = refused(ctx, model, engine);
        if (admission == null) {
            return;
        }
        String requestId = newRequestId();
        Outbound out = new Outbound(ctx.session, codec, metrics);
        String key = ctx.sessionId();
        RealtimeSession session = new RealtimeSession(requestId, model, engine.orElseThrow(), out, codec, limits,
                metrics, () -> {
                    sessions.remove(key);
                    release(admission);
                    admitted.decrementAndGet();
                });
        sessions.put(key, session);
        Thread.ofVirtual().name("earshot-session-" + requestId).start(session);
    }

    /** Admits the connection as a session, or refuses it and returns null. */
    private Authenticator.Admission refused(WsConnectContext ctx, String model, Optional<SpeechEngine> engine) {
        if (draining) {
            refuse(ctx, ErrorCode.SHUTTING_DOWN, "server shutting down: no new sessions", CloseCodes.GOING_AWAY);
            return null;
        }
        Session socket = ctx.session;
        Authenticator.Admission admission = auth.admitRealtime(ctx.header("Authorization"),
                socket.getUpgradeRequest().getSubProtocols(), ctx.queryParam(Authenticator.SECRET_QUERY_PARAMETER),
                model);
        if (admission.refusal() != null) {
            refuse(ctx, ErrorCode.UNAUTHORIZED, admission.refusal(), CloseCodes.POLICY_VIOLATION);
            return null;
        }
        if (engine.isEmpty()) {
            String found = model == null ? "no 'model' query parameter" : "unknown model '" + model + "'";
            refuse(ctx, ErrorCode.NOT_FOUND, found + ": expected one of " + models.ids(), CloseCodes.POLICY_VIOLATION);
            return null;
        }
        if (admitted.incrementAndGet() > limits.maxSessions()) {
            admitted.decrementAndGet();
            refuse(ctx, ErrorCode.TOO_MANY_REQUESTS,
                    "too many sessions: the server runs at most " + limits.maxSessions() + " at once",
                    CloseCodes.TRY_AGAIN_LATER);
            return null;
        }
        String perCredential = reserve(admission);
        if (perCredential != null) {
            admitted.decrementAndGet();
            refuse(ctx, ErrorCode.TOO_MANY_REQUESTS, perCredential, CloseCodes.TRY_AGAIN_LATER);
            return null;
        }
        return admission;
    }

    /** Takes a place under the credential's own limit: null when there was one, else why not. */
    private String reserve(Authenticator.Admission admission) {
        int limit = admission.secret() ? limits.maxSessionsPerSecret() : limits.maxSessionsPerKey();
        if (admission.credential() == null || limit == 0) {
            return null;
        }
        if (perCredential.merge(admission.credential(), 1, Integer::sum) > limit) {
            release(admission);
            return "too many sessions for this " + (admission.secret() ? "client secret" : "API key")
                    + ": at most " + limit + " at once";
        }
        return null;
    }

    private void release(Authenticator.Admission admission) {
        if (admission.credential() != null) {
            // Drops the entry at zero, so the map holds only credentials in use.
            perCredential.computeIfPresent(admission.credential(), (k, n) -> n > 1 ? n - 1 : null);
        }
    }

    /** Sends the error and the close, and logs one line: never the credentials. */
    private void refuse(WsConnectContext ctx, ErrorCode code, String message, int closeCode) {
        LOG.info("refused code={} reason=\"{}\" remote={}", code.code(), message, ctx.session.getRemoteSocketAddress());
        Outbound.reject(ctx.session, codec, metrics, code, message, closeCode);
    }

    private void offer(WsContext ctx, Inbound message) {
        RealtimeSession session = sessions.get(ctx.sessionId());
        if (session != null) {
            session.offer(message);
        }
    }

    private void stop(WsContext ctx, Inbound.Stop why) {
        RealtimeSession session = sessions.get(ctx.sessionId());
        if (session != null) {
            session.stop(why);
        }
    }

    private String newRequestId() {
        byte[] bytes = new byte[REQUEST_ID_BYTES];
        random.nextBytes(bytes);
        return "req_" + HexFormat.of().formatHex(bytes);
    }

    private static List<String> subprotocols(String header) {
        if (header == null) {
            return List.of();
        }
        return Arrays.stream(header.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    }
}
