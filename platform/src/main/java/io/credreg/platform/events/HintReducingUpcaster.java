package io.credreg.platform.events;

import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.SecretHints;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * Reads the hint of a stored secret event as today's rule would have written it ({@link SecretHints#reduce}):
 * events written before the rule keep their longer hint in the store, since events are never rewritten, but no
 * projection, replay or time-travel read shows more than four characters of it. The shape does not change, so the
 * revision stays.
 */
public final class HintReducingUpcaster extends SingleEventUpcaster {

    static final String FIELD = "secretHint";
    private static final Set<String> TYPES = Set.of(CredentialCreated.class.getName(),
            CredentialSecretRotated.class.getName());

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return TYPES.contains(representation.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(representation.getType(), ObjectNode.class, this::reduceHint);
    }

    private ObjectNode reduceHint(ObjectNode payload) {
        JsonNode hint = payload.get(FIELD);
        if (hint != null && hint.isString()) {
            payload.put(FIELD, SecretHints.reduce(hint.asString()));
        }
        return payload;
    }
}
