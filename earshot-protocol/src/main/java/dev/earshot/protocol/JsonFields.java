package dev.earshot.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Predicate;

/**
 * Reads typed fields out of a JSON object, failing with a {@link ProtocolException} whose
 * message names the field by its dotted path and says what was expected and found.
 *
 * <p>An optional field that is absent or {@code null} reads as Java null; a required one
 * that is absent is "missing", and one that is {@code null} is of the wrong type.
 */
final class JsonFields {

    /** Longest piece of client text quoted back in an error message, so that a 400,000
     *  character string does not come back whole in the {@code error} event. */
    static final int MAX_QUOTED_CHARS = 64;

    private final JsonNode object;
    private final String prefix;

    private JsonFields(JsonNode object, String prefix) {
        this.object = object;
        this.prefix = prefix;
    }

    /** Fields of a top-level message. */
    static JsonFields of(JsonNode object) {
        return new JsonFields(object, "");
    }

    /** Fields of the object in field {@code name}, itself known to be an object. */
    JsonFields nested(String name, JsonNode child) {
        return new JsonFields(child, path(name) + ".");
    }

    String requiredString(String name) throws ProtocolException {
        return requireKind(name, requiredNode(name), "a string", JsonNode::isTextual).textValue();
    }

    String optionalString(String name) throws ProtocolException {
        JsonNode node = optionalNode(name);
        return node == null ? null : requireKind(name, node, "a string", JsonNode::isTextual).textValue();
    }

    int requiredInt(String name) throws ProtocolException {
        return requireInt(name, requiredNode(name));
    }

    Integer optionalInt(String name) throws ProtocolException {
        JsonNode node = optionalNode(name);
        return node == null ? null : requireInt(name, node);
    }

    double requiredNumber(String name) throws ProtocolException {
        return requireKind(name, requiredNode(name), "a number", JsonNode::isNumber).doubleValue();
    }

    Double optionalNumber(String name) throws ProtocolException {
        JsonNode node = optionalNode(name);
        return node == null ? null : requireKind(name, node, "a number", JsonNode::isNumber).doubleValue();
    }

    Boolean optionalBoolean(String name) throws ProtocolException {
        JsonNode node = optionalNode(name);
        return node == null ? null : requireKind(name, node, "a boolean", JsonNode::isBoolean).booleanValue();
    }

    /** For {@code context_bias}, which Voxtral 3 lets be a description or a list of phrases. */
    JsonNode optionalStringOrArray(String name) throws ProtocolException {
        JsonNode node = optionalNode(name);
        return node == null ? null
                : requireKind(name, node, "a string or an array", n -> n.isTextual() || n.isArray());
    }

    JsonNode requiredObject(String name) throws ProtocolException {
        return requireKind(name, requiredNode(name), "an object", JsonNode::isObject);
    }

    JsonNode optionalObject(String name) throws ProtocolException {
        JsonNode node = optionalNode(name);
        return node == null ? null : requireKind(name, node, "an object", JsonNode::isObject);
    }

    /** For {@code error.message}, which the protocol lets be either. */
    JsonNode requiredStringOrObject(String name) throws ProtocolException {
        return requireKind(name, requiredNode(name), "a string or an object",
                node -> node.isTextual() || node.isObject());
    }

    JsonNode optionalArray(String name) throws ProtocolException {
        JsonNode node = optionalNode(name);
        return node == null ? null : requireKind(name, node, "an array", JsonNode::isArray);
    }

    /** The JSON kind of a node as error messages name it: object, array, string, ... */
    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case STRING, BINARY -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL, MISSING -> "null";
        };
    }

    /** Client text cut to {@link #MAX_QUOTED_CHARS} for quoting in a message. */
    static String quote(String text) {
        return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "...";
    }

    private String path(String name) {
        return prefix + name;
    }

    private JsonNode requiredNode(String name) throws ProtocolException {
        JsonNode node = object.get(name);
        if (node == null) {
            throw badRequest("missing field '" + path(name) + "'");
        }
        return node;
    }

    private JsonNode optionalNode(String name) {
        JsonNode node = object.get(name);
        return node == null || node.isNull() ? null : node;
    }

    private int requireInt(String name, JsonNode node) throws ProtocolException {
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        // A number that is not an int is named with its value: "found number" alone would
        // puzzle whoever sent 16000.5 or 1e12.
        String found = node.isNumber() ? "number " + quote(node.asText()) : kind(node);
        throw badRequest("field '" + path(name) + "' must be an integer, found " + found);
    }

    private JsonNode requireKind(String name, JsonNode node, String expected,
            Predicate<JsonNode> test) throws ProtocolException {
        if (!test.test(node)) {
            throw badRequest("field '" + path(name) + "' must be " + expected + ", found " + kind(node));
        }
        return node;
    }

    static ProtocolException badRequest(String message) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, message);
    }
}
