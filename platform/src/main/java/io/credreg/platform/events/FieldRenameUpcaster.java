package io.credreg.platform.events;

import io.credreg.api.FieldRename;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a stored event of {@link FieldRename#fromRevision()} as {@link FieldRename#toRevision()} by renaming one
 * JSON field. The Jackson 3 serializer registers the converters from the stored bytes to {@code ObjectNode}, so
 * the payload is only parsed for events this upcaster applies to.
 * <p>
 * The mapping lives in shared-api ({@code EventEvolutions}), which may not hold framework types; this is its Axon
 * adapter, shared by both applications.
 */
public final class FieldRenameUpcaster extends SingleEventUpcaster {

    private final FieldRename rename;
    private final SimpleSerializedType target;

    public FieldRenameUpcaster(FieldRename rename) {
        this.rename = rename;
        this.target = new SimpleSerializedType(rename.eventType(), rename.toRevision());
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return rename.appliesTo(representation.getType().getName(), representation.getType().getRevision());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(target, ObjectNode.class, this::renameField);
    }

    private ObjectNode renameField(ObjectNode payload) {
        if (payload.has(rename.oldField()) && !payload.has(rename.newField())) {
            JsonNode value = payload.remove(rename.oldField());
            payload.set(rename.newField(), value);
        }
        return payload;
    }

    @Override
    public String toString() {
        return "FieldRenameUpcaster" + rename;
    }
}
