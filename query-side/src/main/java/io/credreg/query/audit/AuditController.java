package io.credreg.query.audit;

import io.credreg.api.audit.AuditPage;
import io.credreg.api.audit.CorrelatedEntries;
import io.credreg.api.audit.FindAuditEntries;
import io.credreg.api.audit.FindCorrelatedEntries;
import io.credreg.query.web.NotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The audit log over HTTP: a page of JSON, or the same filters exported as NDJSON or CSV. An export writes the log a
 * page at a time, each read before it is written, so its memory does not grow with its length and a slow client holds
 * nothing open in the database.
 */
@RestController
class AuditController {

    private static final Logger LOG = LoggerFactory.getLogger(AuditController.class);
    private static final CsvMapper CSV = CsvMapper.builder().build();

    private final QueryGateway queries;
    private final AuditLog log;
    private final JsonMapper json;

    AuditController(QueryGateway queries, AuditLog log, JsonMapper json) {
        this.queries = queries;
        this.log = log;
        this.json = json;
    }

    /** Returns the page for JSON; for an export it has written the response itself and returns {@code null}. */
    @GetMapping("/api/audit")
    Object search(@RequestParam(required = false) String credentialId,
                  @RequestParam(required = false) String instanceId,
                  @RequestParam(required = false) String actor,
                  @RequestParam(required = false) String type,
                  @RequestParam(required = false) String from,
                  @RequestParam(required = false) String to,
                  @RequestParam(required = false) String limit,
                  @RequestParam(required = false) String cursor,
                  @RequestParam(required = false) String format,
                  @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
                  HttpServletResponse response) {
        AuditFormat chosen = AuditFormat.choose(AuditRequest.given(format), accept);
        AuditRequest request = AuditRequest.parse(credentialId, instanceId, actor, type, from, to, limit, cursor);
        if (chosen == AuditFormat.JSON) {
            return queries.query(new FindAuditEntries(request.filter(), request.afterSequence(), request.limit()),
                    AuditPage.class).join();
        }
        export(chosen, request, response);
        return null;
    }

    @GetMapping(path = "/api/audit/correlations/{correlationId}", produces = MediaType.APPLICATION_JSON_VALUE)
    CorrelatedEntries correlation(@PathVariable String correlationId) {
        CorrelatedEntries entries = queries.query(
                new FindCorrelatedEntries(AuditRequest.correlationId(correlationId)), CorrelatedEntries.class)
                .join();
        if (entries.items().isEmpty()) {
            throw new NotFoundException("No audit entries with correlation id '" + correlationId + "' are known.");
        }
        return entries;
    }

    private void export(AuditFormat format, AuditRequest request, HttpServletResponse response) {
        response.setContentType(format.mediaType().toString());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                .filename("audit." + format.name().toLowerCase(java.util.Locale.ROOT)).build().toString());
        try (OutputStream out = response.getOutputStream();
             AuditExportWriter writer = format == AuditFormat.CSV
                     ? AuditExportWriter.csv(CSV, out) : AuditExportWriter.ndjson(json, out)) {
            long exported = log.export(request.filter(), request.afterSequence(), writer::write);
            LOG.debug("Exported {} audit entries as {}", exported, format);
        } catch (UncheckedIOException | IOException | JacksonIOException clientGone) {
            // The client stopped reading (or the connection broke): nothing more can be sent, and nothing is held open.
            LOG.info("Audit export as {} ended early: {}", format, clientGone.getClass().getSimpleName());
        }
    }
}
