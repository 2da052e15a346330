package dev.earshot.server;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.earshot.engine.SpeechEngine;
import dev.earshot.server.auth.Authenticator;
import dev.earshot.server.batch.TranscriptionEndpoint;
import dev.earshot.server.ops.ServerMetrics;
import dev.earshot.server.session.ModelCatalog;
import dev.earshot.server.session.RealtimeEndpoint;
import dev.earshot.server.session.SessionLimits;
import io.javalin.Javalin;
import jakarta.servlet.DispatcherType;
import io.javalin.config.JavalinConfig;

/**
 * The Earshot HTTP and WebSocket server.
 *
 * <pre>{@code
 * try (ModelRegistry models = ModelRegistry.open(ModelConfig.defaults());
 *      EarshotServer server = new EarshotServer(config, models.engines())) {
 *     int port = server.start();
 *     ...
 *     server.shutdown(Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Lifecycle: {@link #start()} once; then {@link #shutdown(Duration)} or {@link #close()},
 * which are idempotent. While it drains, {@code /ready} answers 503, new sessions get error 503
 * and new batch jobs 503; sessions still running at the deadline get error 503 and close 1001,
 * batch jobs 503. The server does not
 * own the engines: close them after the server. Thread-safe.
 *
 * <p>Guards against what an outside probe tried: without API keys only loopback {@code Host}
 * names and the page's own (or configured) {@code Origin}s are answered ({@link BrowserGuard});
 * a request head must arrive within {@link HeaderDeadline#DEADLINE}; no request creates an HTTP
 * session ({@link NoHttpSessions}). It logs a line per refusal, per model at start, and at the
 * start and end of a drain.
 */
public final class EarshotServer implements AutoCloseable {

    /** How long {@link #close()} lets running sessions finish. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    /** How long aborted sessions get to send their error and close before Jetty stops. */
    private static final Duration ABORT_GRACE = Duration.ofSeconds(5);
    /** Jetty's own idle timeout, a backstop behind the sessions' idle timeout, which fires first. */
    private static final Duration JETTY_IDLE_MARGIN = Duration.ofSeconds(30);

    /** Jetty's platform threads: selector, acceptor and non-blocking tasks only; blocking work is on virtual threads. */
    private static final int JETTY_MAX_THREADS = 16;
    private static final int JETTY_MIN_THREADS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(EarshotServer.class);

    private enum State { NEW, READY, DRAINING, STOPPED }

    private final ServerConfig config;
    private final ModelCatalog models;
    private final ServerMetrics metrics;
    private final RealtimeEndpoint realtime;
    private final HttpRoutes routes;
    private final SessionLimits limits;
    private final TranscriptionEndpoint transcriptions;
    private volatile State state = State.NEW;
    private Javalin app;
    private BrowserGuard guard;
    private HeaderDeadline headerDeadline;

    /**
     * @param engines the loaded models (usually {@link dev.earshot.models.ModelRegistry#engines()}
     *                of {@code config.models()}), each reachable under its id and its configured
     *                aliases; the aliases of a configured model that is not among them are left out
     * @throws IllegalArgumentException if two engines have the same id
     */
    public EarshotServer(ServerConfig config, List<SpeechEngine> engines) {
        this(config, engines, BatchSettings.defaults());
    }

    /**
     * @param engines the engines, each reachable under its name and the configured aliases
     * @param batch   the limits of {@code POST /v1/audio/transcriptions}
     * @throws IllegalArgumentException if a model alias names no engine
     */
    public EarshotServer(ServerConfig config, List<SpeechEngine> engines, BatchSettings batch) {
        this.config = Objects.requireNonNull(config, "config");
        Set<String> loaded = engines.stream().map(SpeechEngine::id).collect(Collectors.toSet());
        Map<String, String> aliases = new HashMap<>(config.models().aliases());
        aliases.values().removeIf(target -> !loaded.contains(target));
        this.models = new ModelCatalog(engines, aliases);
        Authenticator auth = new Authenticator(config.apiKeys(), config.clientSecretTtl(),
                config.clientSecretMaxTtl(), Clock.systemUTC());
        this.metrics = new ServerMetrics(models.engines());
        this.limits = new SessionLimits(config.maxSessions(), config.maxSessionsPerKey(), config.maxSessionsPerSecret(),
                config.maxChunkBytes(), config.idleTimeout(), config.maxSessionLength());
        this.realtime = new RealtimeEndpoint(models, auth, metrics, limits);
        this.routes = new HttpRoutes(models, auth, metrics, () -> state == State.READY);
        this.transcriptions = new TranscriptionEndpoint(models, metrics, Objects.requireNonNull(batch, "batch"),
                config.maxSessionLength(), realtime::activeSessions, () -> state == State.READY);
    }

    /**
     * Binds and starts serving; blocks until bound.
     *
     * @return the bound port, the ephemeral one for port 0
     * @throws IllegalStateException    if already started, or the host does not resolve
     * @throws IllegalArgumentException if no API key is configured, the host is not loopback and
     *                                  {@code allowUnauthenticated} is not set
     */
    public synchronized int start() {
        if (state != State.NEW) {
            throw new IllegalStateException("server already started (state " + state + ")");
        }
        guard = new BrowserGuard(config, requireSafeBinding(config));
        app = Javalin.create(this::configure).start();
        headerDeadline = new HeaderDeadline(List.of(app.jettyServer().server().getConnectors()));
        state = State.READY;
        logStartup();
        return app.port();
    }

    /**
     * Checks, without engines, what {@link #start()} would fail on, so that a command can report
     * it before it spends seconds loading models: the host resolves, binding it without API keys
     * is allowed, and the port is free (checked by binding and releasing it; port 0 always is).
     *
     * @throws IllegalArgumentException a usage error: a non-loopback host without API keys and
     *                                  without {@code allowUnauthenticated}
     * @throws IOException              the host does not resolve or the port cannot be bound; the
     *                                  message names the host or port and what went wrong
     */
    public static void checkBinding(ServerConfig config) throws IOException {
        InetAddress address = resolve(config.host());
        requireSafeBinding(config);
        if (config.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Jetty binds, so a socket in TIME_WAIT does not count
            probe.bind(new InetSocketAddress(address, config.port()));
        } catch (BindException e) {
            throw new IOException("port " + config.port() + " on " + config.host() + ": " + e.getMessage()
                    + " (expected a free port: is another server running there?)", e);
        }
    }

    /** The bound port; only after {@link #start()}. */
    public int port() {
        if (app == null) {
            throw new IllegalStateException("server not started");
        }
        return app.port();
    }

    /**
     * Stops accepting sessions and batch jobs, lets running ones finish for up to {@code grace},
     * then ends the rest (sessions with error 503 and close 1001, jobs with 503), and stops the
     * HTTP server. Blocks until done. Idempotent.
     */
    public synchronized void shutdown(Duration grace) {
        if (state == State.STOPPED || state == State.NEW) {
            state = State.STOPPED;
            return;
        }
        state = State.DRAINING;
        realtime.drain();
        int running = realtime.activeSessions();
        int jobs = transcriptions.activeJobs();
        LOG.info("draining: {} session(s) and {} batch job(s) running may finish within {} s; new ones refused "
                + "with 503", running, jobs, grace.toSeconds());
        int cut = 0;
        int jobsCut = 0;
        try {
            long deadline = System.nanoTime() + grace.toNanos();
            boolean sessionsDone = realtime.awaitSessions(grace);
            boolean jobsDone = transcriptions.awaitJobs(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (!sessionsDone || !jobsDone) {
                cut = realtime.activeSessions();
                jobsCut = transcriptions.activeJobs();
                LOG.warn("shutdown grace of {} s over: ending {} session(s) and {} batch job(s)", grace.toSeconds(),
                        cut, jobsCut);
                // Jobs first: a job that saw the sessions end before its cut would speed up meanwhile.
                transcriptions.cutAll();
                realtime.abortAll();
                realtime.awaitSessions(ABORT_GRACE);
                transcriptions.awaitJobs(ABORT_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            headerDeadline.close();
            app.stop();
            state = State.STOPPED;
            LOG.info("drained and stopped: {} session(s) finished, {} cut; {} batch job(s) finished, {} cut",
                    Math.max(0, running - cut), cut, Math.max(0, jobs - jobsCut), jobsCut);
        }
    }

    /** {@link #shutdown(Duration)} with {@link #DEFAULT_SHUTDOWN_GRACE}. */
    @Override
    public void close() {
        shutdown(DEFAULT_SHUTDOWN_GRACE);
    }

    private void configure(JavalinConfig javalin) {
        javalin.startup.showJavalinBanner = false;
        javalin.startup.showOldJavalinVersionWarning = false;
        // Handlers block (a full session queue holds Jetty's reading thread, see
        // RealtimeSession.offer); on virtual threads that costs no platform thread.
        javalin.concurrency.useVirtualThreads = true;
        javalin.jetty.threadPool = jettyThreads();
        javalin.jetty.host = config.host();
        javalin.jetty.port = config.port();
        javalin.jetty.modifyWebSocketServletFactory(factory -> {
            factory.setMaxTextMessageSize(limits.maxTextMessageBytes());
            factory.setMaxBinaryMessageSize(limits.maxTextMessageBytes());
            factory.setIdleTimeout(config.idleTimeout().plus(JETTY_IDLE_MARGIN));
        });
        javalin.jetty.modifyServletContextHandler(handler ->
                handler.addFilter(new NoHttpSessions(), "/*", EnumSet.of(DispatcherType.REQUEST)));
        javalin.staticFiles.add(HttpRoutes::webPage);
        javalin.routes.before(guard::admits);
        javalin.routes.get("/health", routes::health);
        javalin.routes.get("/ready", routes::ready);
        javalin.routes.get("/metrics", routes::metrics);
        javalin.routes.before("/v1/*", routes::requireApiKey);
        javalin.routes.get("/v1/models", routes::listModels);
        javalin.routes.post("/v1/client/sessions", routes::createClientSession);
        transcriptions.configure(javalin.jetty.multipartConfig);
        javalin.routes.post(TranscriptionEndpoint.PATH, transcriptions::handle);
        javalin.routes.wsBeforeUpgrade(RealtimeEndpoint.PATH, ctx -> {
            if (guard.admits(ctx)) {
                RealtimeEndpoint.chooseSubprotocol(ctx);
            }
        });
        javalin.routes.ws(RealtimeEndpoint.PATH, realtime::configure);
    }

    /**
     * Jetty's selector and acceptor on platform threads, and whatever may block (the handlers,
     * and so the WebSocket callbacks) on a virtual thread each. Javalin's own virtual-thread
     * pool runs the selector on a virtual thread too, where every wait for the socket pins a
     * carrier and makes the scheduler add and retire a spare one.
     */
    private static QueuedThreadPool jettyThreads() {
        QueuedThreadPool pool = new QueuedThreadPool(JETTY_MAX_THREADS, JETTY_MIN_THREADS);
        pool.setName("earshot-jetty");
        pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("earshot-jetty-vt"));
        return pool;
    }

    /** One line each for the page, the API and every model id served. */
    private void logStartup() {
        String http = "http://" + (config.host().contains(":") ? "[" + config.host() + "]" : config.host()) + ":"
                + app.port();
        LOG.info("earshot listening: page {}/ API {}/v1 realtime {}{}", http, http, http.replaceFirst("^http", "ws"),
                RealtimeEndpoint.PATH);
        models.ids().forEach(id -> {
            SpeechEngine engine = models.find(id).orElseThrow();
            LOG.info("model {}: engine {} ({}), languages {}", id, engine.id(), engine.info().engine(),
                    String.join(",", engine.info().languages()));
        });
    }

    private static InetAddress resolve(String host) throws UnknownHostException {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new UnknownHostException("host " + host + ": cannot resolve (expected an address or a name this "
                    + "machine resolves)");
        }
    }

    /** Refuses a non-loopback binding without keys unless allowed; returns whether it is loopback. */
    private static boolean requireSafeBinding(ServerConfig config) {
        boolean loopback;
        try {
            loopback = resolve(config.host()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (loopback || !config.apiKeys().isEmpty()) {
            return loopback;
        }
        if (!config.allowUnauthenticated()) {
            throw new IllegalArgumentException("host " + config.host() + " without api-keys: expected api-keys, a "
                    + "loopback host, or allow-unauthenticated (anyone who reaches it could transcribe)");
        }
        LOG.warn("serving {} WITHOUT authentication (allow-unauthenticated is set): anyone who can reach it "
                + "may transcribe", config.host());
        return false;
    }
}
