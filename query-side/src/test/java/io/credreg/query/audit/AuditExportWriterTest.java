package io.credreg.query.audit;

import io.credreg.api.audit.AuditEntry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A spreadsheet opening the CSV export must see text, never a formula (OWASP "CSV injection"). */
class AuditExportWriterTest {

    private static final CsvMapper CSV = CsvMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+1+cmd@A1", "-2-3", "@SUM(A1)", "\tleading tab", "\rleading return"})
    void aCellThatASpreadsheetWouldEvaluateIsPrefixedWithAQuote(String hostile) {
        AuditEntry entry = new AuditEntry(7, "ApiTokenIssued", Instant.parse("2026-01-01T00:00:00Z"), hostile,
                null, null, null, null, null, hostile, hostile, hostile, hostile, "ADMIN");

        Map<String, String> row = exportAndReadBack(entry);

        for (String column : List.of("actor", "correlationId", "causationId", "summary", "actorTokenId")) {
            assertThat(row.get(column)).as(column).isEqualTo("'" + hostile);
        }
        assertThat(row.get("sequence")).isEqualTo("7");
        assertThat(row.get("type")).isEqualTo("ApiTokenIssued");
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "a=b", "1-2", "", "'quoted"})
    void anOrdinaryCellIsLeftAsItIs(String value) {
        AuditEntry entry = new AuditEntry(8, "CredentialCreated", Instant.parse("2026-01-01T00:00:00Z"), value,
                null, null, null, null, 3, null, null, value, null, null);

        Map<String, String> row = exportAndReadBack(entry);

        assertThat(row.get("actor")).isEqualTo(value);
        assertThat(row.get("summary")).isEqualTo(value);
        assertThat(row.get("secretVersion")).isEqualTo("3");
        assertThat(row.get("occurredAt")).isEqualTo("2026-01-01T00:00:00Z");
    }

    private static Map<String, String> exportAndReadBack(AuditEntry entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AuditExportWriter writer = AuditExportWriter.csv(CSV, out)) {
            writer.write(entry);
        }
        try (MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(out.toString(StandardCharsets.UTF_8))) {
            return rows.readAll().get(0);
        }
    }
}
