package io.credreg.query.auditchain;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of {@code domain_event_entry} exactly as stored: the columns, not the event as a reader would see it after
 * upcasting. The chain hashes this, so that any byte changed in a row shows, and an upcaster added later (which
 * changes what readers see, never what is stored) leaves the chain valid.
 */
record StoredEvent(long globalIndex, String eventIdentifier, String aggregateType, String aggregateIdentifier,
                   long sequenceNumber, String timestamp, String payloadType, String payloadRevision,
                   byte[] payload, byte[] metaData) {

    /** Names the version of the canonical form, so that a later form can never be confused with this one. */
    static final String CANONICAL_FORM = "credreg-audit-chain/1";

    static final String COLUMNS = "global_index, event_identifier, type, aggregate_identifier, sequence_number,"
            + " time_stamp, payload_type, payload_revision, payload, meta_data";

    /** Reads the columns named by {@link #COLUMNS}, each prefixed with {@code prefix} (e.g. {@code "e."}). */
    static StoredEvent read(ResultSet row, String prefix) throws SQLException {
        return new StoredEvent(row.getLong(prefix + "global_index"), row.getString(prefix + "event_identifier"),
                row.getString(prefix + "type"), row.getString(prefix + "aggregate_identifier"),
                row.getLong(prefix + "sequence_number"), row.getString(prefix + "time_stamp"),
                row.getString(prefix + "payload_type"), row.getString(prefix + "payload_revision"),
                row.getBytes(prefix + "payload"), row.getBytes(prefix + "meta_data"));
    }

    /**
     * The canonical form: the form's name, then global index, event identifier, aggregate type, aggregate
     * identifier, sequence number, timestamp (the stored text), payload type, payload revision, payload bytes and
     * metadata bytes, in this order. Each field is a 4-byte big-endian length (-1 for null) followed by its bytes
     * (text in UTF-8, numbers in decimal), so no two different rows have the same form.
     */
    byte[] canonicalForm() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + length(payload) + length(metaData));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            field(out, CANONICAL_FORM);
            field(out, Long.toString(globalIndex));
            field(out, eventIdentifier);
            field(out, aggregateType);
            field(out, aggregateIdentifier);
            field(out, Long.toString(sequenceNumber));
            field(out, timestamp);
            field(out, payloadType);
            field(out, payloadRevision);
            field(out, payload);
            field(out, metaData);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void field(DataOutputStream out, String value) throws IOException {
        field(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    private static int length(byte[] value) {
        return value == null ? 0 : value.length;
    }
}
