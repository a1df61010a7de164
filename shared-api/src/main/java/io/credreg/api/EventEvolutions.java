package io.credreg.api;

import io.credreg.api.credential.CredentialRenamed;

import java.util.List;

/**
 * Every change made to the shape of an event after events of the earlier shape were stored, oldest first. Both
 * applications turn each entry into an upcaster, so stored events are read in their current shape whatever
 * revision they were written with. Entries are never removed or edited: stored events stay as they were written.
 * See docs/decisions/0015-event-evolution-by-revision-and-upcasters.md.
 */
public final class EventEvolutions {

    /** Field renames, applied in this order; a chain of revisions of one event must be listed oldest first. */
    public static final List<FieldRename> FIELD_RENAMES = List.of(
            // CredentialRenamed 2: "name" read ambiguously next to "previousName".
            new FieldRename(CredentialRenamed.class.getName(), null, CredentialRenamed.REVISION, "name", "newName"));

    private EventEvolutions() {
    }
}
