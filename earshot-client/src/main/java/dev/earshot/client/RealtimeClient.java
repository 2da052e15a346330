package dev.earshot.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Entry point of the SDK, shaped like the official ones:
 * {@code RealtimeClient.builder().apiKey(key).build().audio().realtime().transcribeStream(...)}.
 *
 * <p>A client holds configuration and one {@link HttpClient}; it is immutable, thread-safe,
 * and meant to be shared. Connections it opens are independent of each other. Close it when done
 * with it, or let it be collected.
 */
public interface RealtimeClient extends AutoCloseable {

    /** The audio endpoints. */
    Audio audio();

    /**
     * Releases the HTTP client and its threads. Connections still open are dropped: their readers
     * get a {@link RealtimeException}. Opening a connection afterwards throws
     * {@link IllegalStateException}. Idempotent.
     */
    @Override
    void close();

    /** A builder with every setting at its default. */
    static Builder builder() {
        return new Builder();
    }

    /** The audio endpoints; only realtime transcription for now. */
    interface Audio {
        /** Realtime transcription over a WebSocket. */
        RealtimeTranscription realtime();
    }

    /** Configures a {@link RealtimeClient}. Not thread-safe; {@link #build()} may be called again. */
    final class Builder {
        static final String DEFAULT_BASE_URL = "wss://api.mistral.ai";
        static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
        static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(10);

        private String apiKey;
        private String baseUrl;
        private Duration connectTimeout = DEFAULT_SESSION_TIMEOUT;
        private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private String userAgent = "earshot-java-client/0.1";
        private Duration keptAudio = Duration.ZERO;
        private Consumer<Resumption> onResume = resumption -> { };

        Builder() {
        }

        /** The API key sent as {@code Authorization: Bearer}; default: env {@code MISTRAL_API_KEY}.
         *  With neither, no {@code Authorization} header is sent (an Earshot server without auth). */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** {@code ws}, {@code wss}, {@code http} or {@code https} URL, with an optional path
         *  prefix; default: env {@code MISTRAL_BASE_URL}, else {@code wss://api.mistral.ai}. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Limit on the TCP connect and WebSocket handshake; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive(timeout);
            return this;
        }

        /** How long to wait for {@code session.created} after the handshake; default 10 s. */
        public Builder sessionTimeout(Duration timeout) {
            this.sessionTimeout = requirePositive(timeout);
            return this;
        }

        /**
         * How often an open connection sends a WebSocket ping; default 10 s. When nothing at all
         * (pong, event) has come from the server for three intervals, the connection fails with
         * a {@link RealtimeException}: the server hung, or the network dropped without closing
         * the connection, and a caller waiting for text would otherwise wait forever.
         * {@link Duration#ZERO} sends no pings and never gives up.
         */
        public Builder pingInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("ping interval must not be negative, was " + interval);
            }
            this.pingInterval = interval;
            return this;
        }

        /**
         * Lets the streams of {@link RealtimeTranscription#transcribeStream} and
         * {@link RealtimeTranscription#transcribeAsync} survive a lost connection or server; off by
         * default ({@link Duration#ZERO}).
         *
         * <p>A resuming stream keeps the audio it sent, up to {@code keptAudio} of it; beyond that it
         * lets go of the oldest whole segments (ended by a {@code transcription.segment}). When the
         * connection breaks, closes before {@code transcription.done}, or the server says it is
         * shutting down (error 503), it connects again to the same URL (behind a balancer, to a live
         * server), with backoff for about 12 s, opens a session with the same settings, sends the
         * kept audio again, and goes on with the rest. The caller reads one stream: no second
         * {@code session.created}, no text or segment delivered twice (what the new session restates
         * is dropped), times from the start of the stream, and a {@code transcription.done} whose
         * text is the deltas delivered. While the stream so far fits in {@code keptAudio}, the new
         * session hears all of it and says what one session would have said (an engine adapts to
         * the voice as it goes); past that, it starts at a segment's end, and the words of the
         * segment in flight may differ. If no segment ended within {@code keptAudio}, words at the
         * cut may be lost. Resending costs the server the time to transcribe the kept audio again,
         * the caller that much more wait for new text: see docs/benchmarks.md.
         * A refused key or unknown model is not retried. The stream's first session is retried
         * only when the server answers 503 (draining, or a balancer without a live server), so that
         * a server that is not running fails the call at once. {@link #onResume} tells who cares.
         */
        public Builder resume(Duration keptAudio) {
            if (keptAudio.isNegative()) {
                throw new IllegalArgumentException("kept audio must not be negative, was " + keptAudio);
            }
            this.keptAudio = keptAudio;
            return this;
        }

        /** Called on the thread reading a stream's events, before the first event of its new
         *  session, each time a stream resumes (see {@link #resume}). It must not block long. */
        public Builder onResume(Consumer<Resumption> listener) {
            this.onResume = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The {@code User-Agent} header; default {@code earshot-java-client/<version>}. */
        public Builder userAgent(String userAgent) {
            this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
            return this;
        }

        /**
         * Builds the client, reading the environment for what was not set.
         *
         * @throws IllegalArgumentException if the base URL is not an absolute ws, wss, http or
         *         https URL
         */
        public RealtimeClient build() {
            return build(System::getenv);
        }

        /** The environment is a parameter so that tests need not change the process's. */
        RealtimeClient build(UnaryOperator<String> env) {
            String key = apiKey != null ? apiKey : env.apply("MISTRAL_API_KEY");
            String base = baseUrl != null ? baseUrl : env.apply("MISTRAL_BASE_URL");
            ClientConfig config = new ClientConfig(RealtimeUris.webSocketBase(base != null ? base : DEFAULT_BASE_URL),
                    key, userAgent, connectTimeout, sessionTimeout, pingInterval, keptAudio, onResume);
            return new DefaultRealtimeClient(config);
        }

        private static Duration requirePositive(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            return timeout;
        }
    }
}
