package io.credreg.query.infrastructure;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.credential.SecretResolved;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PerCredentialSequencingPolicyTest {

    private final PerCredentialSequencingPolicy policy = new PerCredentialSequencingPolicy();

    @Test
    void aResolutionOutsideTheStreamIsSequencedWithItsCredential() {
        Object ofStream = policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("Credential", "cred-1", 3,
                new SettingBound("cred-1", "acme", "openai.default", "openai", null)));
        Object ofResolution = policy.getSequenceIdentifierFor(
                new GenericEventMessage<>(new SecretResolved("cred-1", "acme", "openai.default", 1, "tok")));

        assertThat(ofResolution).isEqualTo(ofStream).isEqualTo("cred-1");
    }

    @Test
    void everyOtherEventKeepsItsAggregate() {
        assertThat(policy.getSequenceIdentifierFor(new GenericDomainEventMessage<>("ApiToken", "tok-1", 0,
                "payload"))).isEqualTo("tok-1");
    }
}
