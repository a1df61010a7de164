package io.credreg.query.timetravel;

import io.credreg.api.instance.InstanceSetting;
import io.credreg.api.timetravel.CredentialAsOfAnswer;
import io.credreg.api.timetravel.FindCredentialAsOf;
import io.credreg.api.timetravel.FindInstanceSettingsAsOf;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers what was true at an instant by folding event streams, never from the read models' current rows.
 * <p>
 * A credential's state at {@code at} is the fold of the longest prefix of its stream whose events all carry a
 * timestamp at or before {@code at}. The stream is ordered by sequence number; stopping at the first later event
 * (rather than skipping it and folding what follows) keeps the answer a state the credential really passed through,
 * even if two command nodes' clocks disagreed. Events after that prefix are never deserialized.
 */
@Component
class TimeTravelQueryHandler {

    private static final Comparator<InstanceSetting> SETTING_ORDER = Comparator
            .comparing(InstanceSetting::settingKey).thenComparing(InstanceSetting::boundAt);

    private final CredentialStreams streams;
    private final InstanceBindingIndex bindingIndex;

    TimeTravelQueryHandler(CredentialStreams streams, InstanceBindingIndex bindingIndex) {
        this.streams = streams;
        this.bindingIndex = bindingIndex;
    }

    /** A deleted credential shows as deleted, as the current detail shows it. */
    @QueryHandler
    CredentialAsOfAnswer handle(FindCredentialAsOf query) {
        Folded folded = fold(query.credentialId(), streams.streamOf(query.credentialId()), query.at());
        CredentialFold state = folded.state();
        return new CredentialAsOfAnswer(folded.firstEventAt().orElse(null),
                state.exists() ? state.asOf(query.at()) : null);
    }

    /** The settings of the instance at the instant, with each credential's name and provider as they were then. */
    @QueryHandler
    List<InstanceSetting> handle(FindInstanceSettingsAsOf query) {
        String instanceId = query.instanceId();
        Map<String, List<DomainEventMessage<?>>> candidates =
                streams.streamsOf(bindingIndex.credentialsEverBoundTo(instanceId, query.at()));
        return candidates.entrySet().stream()
                .map(stream -> fold(stream.getKey(), stream.getValue().iterator(), query.at()).state())
                .filter(CredentialFold::exists)
                .flatMap(credential -> credential.bindings().stream()
                        .filter(binding -> binding.instanceId().equals(instanceId))
                        .map(binding -> new InstanceSetting(binding.settingKey(), credential.id(),
                                credential.name(), credential.provider(), binding.boundAt())))
                .sorted(SETTING_ORDER)
                .toList();
    }

    private static Folded fold(String credentialId, Iterator<? extends DomainEventMessage<?>> stream, Instant at) {
        CredentialFold state = new CredentialFold(credentialId);
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
