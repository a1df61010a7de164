package io.credreg.api;

import java.util.Objects;

/**
 * One step in the life of an event's stored shape: the JSON field {@code oldField} of {@code eventType} at
 * {@code fromRevision} became {@code newField} at {@code toRevision}. Nothing else changes.
 *
 * @param eventType    the event's class name, as stored in {@code payload_type}
 * @param fromRevision the revision stored before the change; {@code null} for the first shape (no revision)
 * @param toRevision   the revision after the change, as declared by {@link EventRevision}
 * @param oldField     the field's name up to {@code fromRevision}
 * @param newField     the field's name from {@code toRevision} on
 */
public record FieldRename(String eventType, String fromRevision, String toRevision, String oldField,
                          String newField) {

    public FieldRename {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(toRevision, "toRevision");
        Objects.requireNonNull(oldField, "oldField");
        Objects.requireNonNull(newField, "newField");
        if (toRevision.equals(fromRevision)) {
            throw new IllegalArgumentException("a change must lead to another revision: " + toRevision);
        }
    }

    /** Whether an event stored with this type and revision is one this step upcasts. */
    public boolean appliesTo(String storedType, String storedRevision) {
        return eventType.equals(storedType) && Objects.equals(fromRevision, storedRevision);
    }
}
