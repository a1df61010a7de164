package io.credreg.query.audit;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** How {@code GET /api/audit} answers: one JSON page, or the whole filtered log streamed as NDJSON or CSV. */
enum AuditFormat {
    JSON(MediaType.APPLICATION_JSON),
    NDJSON(MediaType.APPLICATION_NDJSON),
    CSV(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8));

    private static final MediaType NDJSON_UNPREFIXED = new MediaType("application", "ndjson");
    private static final MediaType TEXT_CSV = new MediaType("text", "csv");

    private final MediaType mediaType;

    AuditFormat(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    MediaType mediaType() {
        return mediaType;
    }

    /**
     * The {@code format} parameter when given, otherwise the first of the three that the {@code Accept} header
     * asks for, by quality. Anything else is left to JSON, whose converter answers 406 when JSON is not acceptable.
     */
    static AuditFormat choose(String format, String accept) {
        if (format != null) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "json" -> JSON;
                case "ndjson" -> NDJSON;
                case "csv" -> CSV;
                default -> throw AuditRequest.invalid("'format' must be json, ndjson or csv.");
            };
        }
        return accept == null || accept.isBlank() ? JSON : fromAccept(accept);
    }

    private static AuditFormat fromAccept(String accept) {
        List<MediaType> accepted;
        try {
            accepted = new ArrayList<>(MediaType.parseMediaTypes(accept));
        } catch (InvalidMediaTypeException e) {
            return JSON;
        }
        accepted.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed()); // stable: order kept
        for (MediaType type : accepted) {
            if (type.getQualityValue() == 0) {
                continue;
            }
            if (type.isWildcardType() || MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
                return JSON;
            }
            if (type.equalsTypeAndSubtype(MediaType.APPLICATION_NDJSON) || type.equalsTypeAndSubtype(NDJSON_UNPREFIXED)) {
                return NDJSON;
            }
            if (type.equalsTypeAndSubtype(TEXT_CSV)) {
                return CSV;
            }
        }
        return JSON;
    }
}
