package io.credreg.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The revision of an event's stored shape. An event without it has the first shape, stored with no revision.
 * Raise it whenever a change to the record would make events already stored read differently (a field renamed,
 * split, or given another meaning), and describe the change in {@link EventEvolutions} so that stored events of
 * the previous revision are upcast when read. Both applications store it as the event's payload revision (the
 * {@code payload_revision} column); it takes the place of the framework's own revision annotation, which this
 * module must not depend on.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventRevision {

    String value();
}
