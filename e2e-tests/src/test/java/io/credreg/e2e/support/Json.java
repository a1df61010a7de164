package io.credreg.e2e.support;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** Null-safe reading of JSON trees. */
public final class Json {

    private Json() {
    }

    /** The field as a string; {@code null} when missing or JSON null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.asString();
    }

    /** The field as a long; fails when missing. */
    public static long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new AssertionError("no number '" + field + "' in " + node);
        }
        return v.asLong();
    }

    /** The elements of an array (an empty list when missing or null, so callers can assert on it). */
    public static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(out::add);
        }
        return out;
    }

    /** The elements of the array in {@code field}; fails when it is not an array. */
    public static List<JsonNode> array(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            throw new AssertionError("no array '" + field + "' in " + node);
        }
        return elements(v);
    }
}
