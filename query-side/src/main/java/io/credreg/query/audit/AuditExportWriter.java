package io.credreg.query.audit;

import io.credreg.api.audit.AuditEntry;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes entries one at a time to the response as they come from the database cursor; nothing is collected. */
interface AuditExportWriter extends AutoCloseable {

    /** The CSV columns, in the order of an entry's JSON fields. */
    List<String> CSV_COLUMNS = List.of("sequence", "type", "occurredAt", "actor", "reason", "credentialId",
            "instanceId", "settingKey", "secretVersion", "correlationId", "causationId", "summary", "actorTokenId",
            "actorRole");
    CsvSchema CSV_SCHEMA = CsvSchema.builder().addColumns(CSV_COLUMNS, CsvSchema.ColumnType.STRING_OR_LITERAL)
            .build().withHeader();

    void write(AuditEntry entry);

    @Override
    void close();

    static AuditExportWriter ndjson(JsonMapper json, OutputStream out) {
        return new AuditExportWriter() {
            @Override
            public void write(AuditEntry entry) {
                try {
                    out.write(json.writeValueAsBytes(entry));
                    out.write('\n');
                } catch (java.io.IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
                try {
                    out.flush();
                } catch (java.io.IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /**
     * RFC 4180: a header row, fields quoted (quotes doubled) only when they hold a comma, quote or line break; a cell
     * a spreadsheet would take for a formula is written as text ({@link CsvFormulaGuard}).
     */
    static AuditExportWriter csv(CsvMapper csv, OutputStream out) {
        ObjectWriter writer = csv.writer(CSV_SCHEMA);
        SequenceWriter rows = writer.writeValues(out);
        return new AuditExportWriter() {
            @Override
            public void write(AuditEntry entry) {
                rows.write(CsvFormulaGuard.neutralize(entry));
            }

            @Override
            public void close() {
                rows.close(); // writes the header even when there was no row
            }
        };
    }
}
