package dev.earshot.server;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.earshot.server.auth.Authenticator;
import dev.earshot.server.auth.ClientSecret;
import dev.earshot.server.ops.ServerMetrics;
import dev.earshot.server.session.ModelCatalog;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.http.staticfiles.StaticFileConfig;

/**
 * The HTTP endpoints: {@code /health}, {@code /ready}, {@code /metrics} without credentials,
 * {@code /v1/models} and {@code /v1/client/sessions} with an API key. Errors have the body
 * {@code {"object":"error","message":...,"code":<status>}}. The live-captions page is served
 * from the classpath folder {@value #WEB_FOLDER} at {@code /}, without credentials: it holds no
 * secret, and asks for a key itself when the server has keys.
 */
final class HttpRoutes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(HttpRoutes.class);
    private static final String PURPOSE = "realtime";
    /** Classpath folder of the web page. */
    static final String WEB_FOLDER = "/web";
    /**
     * The page loads only its own files and talks only to its own origin ('self' covers ws: and
     * wss: to the same host in CSP level 3), so an injected script could not send a pasted API
     * key anywhere else. No framing: the page drives the microphone.
     */
    private static final String WEB_CSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final ModelCatalog models;
    private final Authenticator auth;
    private final ServerMetrics metrics;
    private final BooleanSupplier ready;
    private final long createdEpochSeconds = Instant.now().getEpochSecond();

    HttpRoutes(ModelCatalog models, Authenticator auth, ServerMetrics metrics, BooleanSupplier ready) {
        this.models = models;
        this.auth = auth;
        this.metrics = metrics;
        this.ready = ready;
    }

    /** Serves the web page's files at {@code /}, each with its content type in UTF-8. */
    static void webPage(StaticFileConfig files) {
        files.hostedPath = "/";
        files.directory = WEB_FOLDER;
        files.location = Location.CLASSPATH;
        // Jetty's defaults name no charset; the files are UTF-8.
        files.mimeTypes.add("text/html; charset=utf-8", "html");
        files.mimeTypes.add("text/javascript; charset=utf-8", "js");
        files.mimeTypes.add("text/css; charset=utf-8", "css");
        // no-cache: revalidate, so that a new server version never runs an old script.
        files.headers = Map.of("Cache-Control", "no-cache", "Content-Security-Policy", WEB_CSP,
                "X-Content-Type-Options", "nosniff", "Referrer-Policy", "no-referrer");
    }

    void health(Context ctx) {
        ctx.json(Map.of("status", "up"));
    }

    void ready(Context ctx) {
        boolean up = ready.getAsBoolean();
        ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("status", up ? "ready" : "unavailable"));
    }

    void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    /** Before every {@code /v1/*} request: an API key, or 401. */
    void requireApiKey(Context ctx) {
        if (!auth.allowsHttp(ctx.header("Authorization"))) {
            String reason = "invalid or missing API key: expected 'Authorization: Bearer <key>'";
            LOG.info("refused code=401 reason=\"{}\" remote={} path={}", reason, ctx.ip(), ctx.path());
            ctx.header("WWW-Authenticate", "Bearer");
            error(ctx, HttpStatus.UNAUTHORIZED, reason);
            ctx.skipRemainingHandlers();
        }
    }

    void listModels(Context ctx) {
        List<Map<String, Object>> data = models.ids().stream().map(id -> {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("id", id);
            model.put("object", "model");
            model.put("created", createdEpochSeconds);
            model.put("owned_by", "earshot");
            model.put("engine", models.find(id).orElseThrow().id());
            return model;
        }).toList();
        ctx.json(Map.of("object", "list", "data", data));
    }

    void createClientSession(Context ctx) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (JsonProcessingException e) {
            error(ctx, HttpStatus.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage());
            return;
        }
        String problem = clientSessionProblem(body);
        if (problem != null) {
            error(ctx, HttpStatus.BAD_REQUEST, problem);
            return;
        }
        String model = body.get("model").textValue();
        if (models.find(model).isEmpty()) {
            error(ctx, HttpStatus.NOT_FOUND, "unknown model '" + model + "': expected one of " + models.ids());
            return;
        }
        issue(ctx, model, body.hasNonNull("ttl_seconds") ? body.get("ttl_seconds").intValue() : null);
    }

    private void issue(Context ctx, String model, Integer ttlSeconds) {
        ClientSecret secret;
        try {
            secret = auth.issue(model, ttlSeconds);
        } catch (IllegalArgumentException e) {
            error(ctx, HttpStatus.BAD_REQUEST, e.getMessage());
            return;
        } catch (IllegalStateException e) {
            error(ctx, HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
            return;
        }
        long expiresAt = secret.expiresAt().getEpochSecond();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("object", "client.session");
        response.put("purpose", PURPOSE);
        response.put("model", model);
        response.put("expires_at", expiresAt);
        response.put("client_secret", Map.of("value", secret.value(), "expires_at", expiresAt));
        ctx.json(response);
    }

    /** What is wrong with a {@code POST /v1/client/sessions} body, or null. */
    private static String clientSessionProblem(JsonNode body) {
        if (body == null || !body.isObject()) {
            return "expected a JSON object";
        }
        JsonNode purpose = body.get("purpose");
        if (purpose != null && !PURPOSE.equals(purpose.textValue())) {
            return "'purpose' must be \"" + PURPOSE + "\", was " + purpose;
        }
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual()) {
            return "'model' must be a string, was " + (model == null ? "missing" : model.getNodeType());
        }
        JsonNode ttl = body.get("ttl_seconds");
        if (ttl != null && !ttl.isNull() && !(ttl.isIntegralNumber() && ttl.canConvertToInt())) {
            return "'ttl_seconds' must be an integer number of seconds, was " + ttl;
        }
        return null;
    }

    /** Answers {@code {"object":"error","message":...,"code":<status>}}. */
    static void error(Context ctx, HttpStatus status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "error");
        body.put("message", message);
        body.put("code", status.getCode());
        ctx.status(status).json(body);
    }
}
