package io.credreg.query.audit;

import io.credreg.api.audit.AuditEntry;

/**
 * Keeps spreadsheets from evaluating exported cells: a text cell starting with {@code = + - @}, a tab or a carriage
 * return gets a leading {@code '} (OWASP's advice for CSV injection), so a correlation id {@code -2-3} or a token
 * name {@code +1+cmd@A1} is shown as the text it is. Only the CSV export needs this; JSON and NDJSON are left exact.
 */
final class CsvFormulaGuard {

    private CsvFormulaGuard() {
    }

    static AuditEntry neutralize(AuditEntry entry) {
        return new AuditEntry(entry.sequence(), text(entry.type()), entry.occurredAt(), text(entry.actor()),
                text(entry.reason()), text(entry.credentialId()), text(entry.instanceId()),
                text(entry.settingKey()), entry.secretVersion(), text(entry.correlationId()),
                text(entry.causationId()), text(entry.summary()), text(entry.actorTokenId()),
                text(entry.actorRole()));
    }

    static String text(String cell) {
        if (cell == null || cell.isEmpty()) {
            return cell;
        }
        return switch (cell.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + cell;
            default -> cell;
        };
    }
}
