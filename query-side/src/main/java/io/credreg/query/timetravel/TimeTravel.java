package io.credreg.query.timetravel;

import io.credreg.api.instance.InstanceSetting;
import io.credreg.api.timetravel.CredentialAsOf;
import io.credreg.query.web.NotFoundException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Answers what was true at an instant by folding event streams, never from the read models' current rows.
 * <p>
 * A credential's state at {@code at} is the fold of the longest prefix of its stream whose events all carry a
 * timestamp at or before {@code at}. The stream is ordered by sequence number; stopping at the first later event
 * (rather than skipping it and folding what follows) keeps the answer a state the credential really passed through,
 * even if two command nodes' clocks disagreed.
 */
@Service
public class TimeTravel {

    private static final Comparator<InstanceSetting> SETTING_ORDER = Comparator
            .comparing(InstanceSetting::settingKey).thenComparing(InstanceSetting::boundAt);

    private final EventStore eventStore;
    private final InstanceBindingIndex bindingIndex;

    TimeTravel(EventStore eventStore, InstanceBindingIndex bindingIndex) {
        this.eventStore = eventStore;
        this.bindingIndex = bindingIndex;
    }

    /** 404 if the credential never existed, or did not exist yet at {@code at}; a deleted one shows as deleted. */
    public CredentialAsOf credential(String credentialId, Instant at) {
        Folded folded = fold(credentialId, at);
        if (folded.firstEventAt().isEmpty()) {
            throw NotFoundException.credential(credentialId);
        }
        if (!folded.state().exists()) {
            throw new NotFoundException("Credential '" + credentialId + "' did not exist yet at " + at
                    + "; it was created at " + folded.firstEventAt().get() + ".");
        }
        return folded.state().asOf(at);
    }

    /** The settings of the instance at {@code at}, with each credential's name and provider as they were then. */
    public List<InstanceSetting> instanceSettings(String instanceId, Instant at) {
        return bindingIndex.credentialsEverBoundTo(instanceId, at).stream()
                .map(credentialId -> fold(credentialId, at).state())
                .filter(CredentialFold::exists)
                .flatMap(credential -> credential.bindings().stream()
                        .filter(binding -> binding.instanceId().equals(instanceId))
                        .map(binding -> new InstanceSetting(binding.settingKey(), credential.id(),
                                credential.name(), credential.provider(), binding.boundAt())))
                .sorted(SETTING_ORDER)
                .toList();
    }

    private Folded fold(String credentialId, Instant at) {
        CredentialFold state = new CredentialFold(credentialId);
        DomainEventStream stream = eventStore.readEvents(credentialId);
        Optional<Instant> firstEventAt = Optional.empty();
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (firstEventAt.isEmpty()) {
                firstEventAt = Optional.of(event.getTimestamp());
            }
            if (event.getTimestamp().isAfter(at)) {
                break;
            }
            state.apply(event.getPayload(), event.getTimestamp());
        }
        return new Folded(state, firstEventAt);
    }

    private record Folded(CredentialFold state, Optional<Instant> firstEventAt) {
    }
}
