package io.credreg.platform.web;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Says what is wrong with a body that could not be read, naming the field but never quoting a value (it may be a
 * secret) or the parser's own message (it names framework classes and may quote the input).
 */
final class UnreadableBody {

    /** Field names are quoted only when they look like field names; anything else could be an injection attempt. */
    private static final Pattern PRINTABLE_NAME = Pattern.compile("[A-Za-z0-9_.\\[\\]-]{1,64}");
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:Object )?(?:property|field) \"([^\"]{0,64})\"");

    private UnreadableBody() {
    }

    static String describe(HttpMessageNotReadableException unreadable) {
        JacksonException json = jacksonCause(unreadable);
        if (json == null) {
            return "the request body is missing or is not valid JSON";
        }
        String field = pathOf(json);
        if (json instanceof UnrecognizedPropertyException unknown) {
            return "unknown field " + quoted(field.isEmpty() ? unknown.getPropertyName() : field)
                    + ": the body may hold only the documented fields";
        }
        if (json instanceof MismatchedInputException) {
            return field.isEmpty()
                    ? "the request body must be a JSON object of the documented shape"
                    : quoted(field) + " has the wrong type";
        }
        if (json instanceof StreamConstraintsException) {
            return "the request body is nested too deeply or holds a value that is too long";
        }
        if (json instanceof StreamReadException) {
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(json.getOriginalMessage()));
            if (duplicate.find()) {
                return "field " + quoted(duplicate.group(1)) + " appears more than once";
            }
        }
        return "the request body is not valid JSON";
    }

    private static JacksonException jacksonCause(Throwable error) {
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof JacksonException json) {
                return json;
            }
        }
        return null;
    }

    private static String pathOf(JacksonException json) {
        return json.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName()
                        : ref.getIndex() >= 0 ? "[" + ref.getIndex() + "]" : "?")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String quoted(String name) {
        return name != null && PRINTABLE_NAME.matcher(name).matches() ? "'" + name + "'" : "a field";
    }
}
