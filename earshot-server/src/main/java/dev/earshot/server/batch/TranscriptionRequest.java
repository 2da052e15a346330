package dev.earshot.server.batch;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.earshot.protocol.ContextBias;
import io.javalin.http.UploadedFile;

/**
 * A {@code POST /v1/audio/transcriptions} form, checked: Mistral's fields and OpenAI's
 * {@code response_format} and {@code timestamp_granularities[]}.
 *
 * @param model        the model id as sent
 * @param file         the uploaded audio, or null when {@code fileUrl} is set
 * @param fileUrl      the audio's address, or null when {@code file} is set
 * @param language     an ISO 639-1 code, or null for the model's own
 * @param stream       whether to answer with server-sent events
 * @param contextBias  phrases to favour; empty for none
 * @param words        whether word times were asked for ({@code timestamp_granularities=word})
 * @param format       how to write the result
 */
record TranscriptionRequest(String model, UploadedFile file, URI fileUrl, String language, boolean stream,
        List<String> contextBias, boolean words, ResponseFormat format) {

    /** The granularities Mistral and OpenAI define. */
    private static final Set<String> GRANULARITIES = Set.of("segment", "word");

    /**
     * Checks the form's fields; the first problem found is the error.
     *
     * @param fields the non-file parts, by name
     * @param files  the file parts, by name
     * @throws HttpError 400 with what was expected and found
     */
    static TranscriptionRequest parse(Map<String, List<String>> fields, Map<String, List<UploadedFile>> files)
            throws HttpError {
        String model = single(fields, "model");
        if (model == null || model.isBlank()) {
            throw HttpError.badRequest("missing 'model': expected the id of a model (see GET /v1/models)");
        }
        ResponseFormat format = ResponseFormat.parse(single(fields, "response_format"));
        boolean words = words(fields, format);
        refuseDiarize(single(fields, "diarize"), model);
        checkTemperature(single(fields, "temperature"));
        List<UploadedFile> uploads = files.getOrDefault("file", List.of());
        String url = single(fields, "file_url");
        String fileId = single(fields, "file_id");
        // Javalin lists every part's name among the fields, a file part's with no values.
        boolean textFile = !fields.getOrDefault("file", List.of()).isEmpty();
        int sources = uploads.size() + (url != null ? 1 : 0) + (fileId != null ? 1 : 0) + (textFile ? 1 : 0);
        if (sources != 1) {
            throw HttpError.badRequest("expected exactly one of 'file' (an upload), 'file_url' or 'file_id', found "
                    + (sources == 0 ? "none" : sources));
        }
        if (textFile) {
            throw HttpError.badRequest("'file' must be a file upload (curl -F file=@audio.mp3), found a text field");
        }
        if (fileId != null) {
            throw HttpError.badRequest("'file_id' is not supported: this server keeps no file store; "
                    + "upload the audio as 'file'");
        }
        return new TranscriptionRequest(model, uploads.isEmpty() ? null : uploads.getFirst(),
                url == null ? null : uri(url), single(fields, "language"), bool(fields, "stream"),
                contextBias(fields), words, format);
    }

    /** One key phrase per part; a part too long to be one reads as a description, which no engine here takes. */
    private static List<String> contextBias(Map<String, List<String>> fields) throws HttpError {
        List<String> phrases = fields.getOrDefault("context_bias", List.of());
        for (String phrase : phrases) {
            int words = ContextBias.words(phrase);
            if (words > ContextBias.MAX_PHRASE_WORDS) {
                throw HttpError.badRequest("context_bias '" + phrase.strip() + "' has " + words + " words: expected "
                        + "key phrases of at most " + ContextBias.MAX_PHRASE_WORDS + " words (names, places, terms), "
                        + "one per context_bias part; a description of the recording is not supported");
            }
        }
        return phrases;
    }

    /** Whether word times are asked for; {@code word} needs {@code verbose_json}, the only format with words. */
    private static boolean words(Map<String, List<String>> fields, ResponseFormat format) throws HttpError {
        List<String> granularities = new ArrayList<>(fields.getOrDefault("timestamp_granularities", List.of()));
        granularities.addAll(fields.getOrDefault("timestamp_granularities[]", List.of()));
        for (String g : granularities) {
            if (!GRANULARITIES.contains(g)) {
                throw HttpError.badRequest("unknown timestamp_granularities '" + g + "': expected segment or word");
            }
        }
        boolean words = granularities.contains("word");
        if (words && format != ResponseFormat.VERBOSE_JSON) {
            throw HttpError.badRequest("timestamp_granularities 'word' needs response_format=verbose_json: the "
                    + format.wireName() + " response has no words (as with Voxtral Transcribe 3)");
        }
        return words;
    }

    private static void refuseDiarize(String diarize, String model) throws HttpError {
        if (diarize != null && parseBool("diarize", diarize)) {
            throw HttpError.badRequest("diarize is not supported: model '" + model + "' does not tell speakers apart");
        }
    }

    /** Accepted and range-checked, as Mistral does; the engines decode without sampling, so it changes nothing. */
    private static void checkTemperature(String value) throws HttpError {
        if (value == null) {
            return;
        }
        try {
            double t = Double.parseDouble(value);
            if (!(t >= 0 && t <= 2)) {
                throw HttpError.badRequest("temperature " + value + " out of range: expected 0 to 2");
            }
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("temperature: expected a number, found '" + value + "'");
        }
    }

    private static URI uri(String url) throws HttpError {
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw HttpError.badRequest("file_url '" + url + "': expected an http or https URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("file_url '" + url + "' is not a URL: " + e.getMessage());
        }
    }

    private static boolean bool(Map<String, List<String>> fields, String name) throws HttpError {
        String value = single(fields, name);
        return value != null && parseBool(name, value);
    }

    private static boolean parseBool(String name, String value) throws HttpError {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw HttpError.badRequest("'" + name + "': expected true or false, found '" + value + "'");
        };
    }

    /** A field that may appear once, or null when absent. */
    private static String single(Map<String, List<String>> fields, String name) throws HttpError {
        List<String> values = fields.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw HttpError.badRequest("'" + name + "' given " + values.size() + " times: expected once");
        }
        return values.isEmpty() ? null : values.getFirst();
    }
}
