package io.credreg.platform.events;

import io.credreg.api.EventRevision;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;

/**
 * Stores the revision our events declare with {@link EventRevision} (shared-api carries no framework type, so
 * Axon's own {@code @Revision} cannot be used there). Anything else, Axon's own classes included, keeps what
 * Axon's {@code @Revision} says, which is usually nothing.
 */
public final class EventRevisionResolver implements RevisionResolver {

    private final RevisionResolver axonRevisions = new AnnotationRevisionResolver();

    @Override
    public String revisionOf(Class<?> payloadType) {
        EventRevision revision = payloadType.getAnnotation(EventRevision.class);
        return revision != null ? revision.value() : axonRevisions.revisionOf(payloadType);
    }
}
