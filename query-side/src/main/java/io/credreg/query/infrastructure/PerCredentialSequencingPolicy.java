package io.credreg.query.infrastructure;

import io.credreg.api.credential.SecretResolved;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.stereotype.Component;

/**
 * Events of one credential in one segment, in order, including the resolutions that are not in its stream: since
 * issue 10 a {@link SecretResolved} is a non-aggregate event, which Axon's default policy would spread by its own
 * identifier, so a projection could see it before the credential it names. Every other event keeps the default
 * (its aggregate), so introducing this policy moves no event that was already processed.
 */
@Component(PerCredentialSequencingPolicy.BEAN_NAME)
public class PerCredentialSequencingPolicy implements SequencingPolicy<EventMessage<?>> {

    /** The bean name the processors' {@code sequencing-policy} property refers to. */
    public static final String BEAN_NAME = "perCredentialSequencing";

    private final SequentialPerAggregatePolicy byAggregate = SequentialPerAggregatePolicy.instance();

    @Override
    public Object getSequenceIdentifierFor(EventMessage<?> event) {
        if (event.getPayload() instanceof SecretResolved resolved) {
            return resolved.credentialId();
        }
        return byAggregate.getSequenceIdentifierFor(event);
    }
}
