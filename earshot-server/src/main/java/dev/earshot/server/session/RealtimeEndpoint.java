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
 * <tr><td>too many sessions at once</td><td>429</td><td>close 1013 (try again later)</td></tr>
 * <tr><td>idle timeout, maximum session length</td><td>429</td><td>close 1008</td></tr>
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
     * Before the upgrade: a client that sends its secret as a subprotocol must get a
     * subprotocol back, and never the secret; Javalin would echo the first one offered.
     */
    public static void chooseSubprotocol(Context ctx) {
        List<String> offered = subprotocols(ctx.header(SEC_WEBSOCKET_PROTOCOL));
        if (Authenticator.offersSecretSubprotocol(offered) && offered.contains(Authenticator.REALTIME_SUBPROTOCOL)) {
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
        if (refused(ctx, model, engine)) {
            return;
        }
        String requestId = newRequestId();
        Outbound out = new Outbound(ctx.session, codec, metrics);
        String key = ctx.sessionId();
        RealtimeSession session = new RealtimeSession(requestId, model, engine.orElseThrow(), out, codec, limits,
                metrics, () -> {
                    sessions.remove(key);
                    admitted.decrementAndGet();
                });
        sessions.put(key, session);
        Thread.ofVirtual().name("earshot-session-" + requestId).start(session);
    }

    /** Refuses the connection if it may not become a session: true when it did. */
    private boolean refused(WsConnectContext ctx, String model, Optional<SpeechEngine> engine) {
        Session socket = ctx.session;
        if (draining) {
            Outbound.reject(socket, codec, metrics, ErrorCode.SHUTTING_DOWN, "server shutting down: no new sessions",
                    CloseCodes.GOING_AWAY);
            return true;
        }
        String refusal = auth.refusalForRealtime(ctx.header("Authorization"),
                socket.getUpgradeRequest().getSubProtocols(), ctx.queryParam(Authenticator.SECRET_QUERY_PARAMETER),
                model);
        if (refusal != null) {
            Outbound.reject(socket, codec, metrics, ErrorCode.UNAUTHORIZED, refusal, CloseCodes.POLICY_VIOLATION);
            return true;
        }
        if (engine.isEmpty()) {
            String found = model == null ? "no 'model' query parameter" : "unknown model '" + model + "'";
            Outbound.reject(socket, codec, metrics, ErrorCode.NOT_FOUND,
                    found + ": expected one of " + models.ids(), CloseCodes.POLICY_VIOLATION);
            return true;
        }
        if (admitted.incrementAndGet() > limits.maxSessions()) {
            admitted.decrementAndGet();
            Outbound.reject(socket, codec, metrics, ErrorCode.TOO_MANY_REQUESTS,
                    "too many sessions: the server runs at most " + limits.maxSessions() + " at once",
                    CloseCodes.TRY_AGAIN_LATER);
            return true;
        }
        return false;
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
