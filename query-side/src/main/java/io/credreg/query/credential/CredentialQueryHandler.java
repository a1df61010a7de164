package io.credreg.query.credential;

import io.credreg.api.credential.CredentialConsumer;
import io.credreg.api.credential.CredentialConsumers;
import io.credreg.api.credential.FindCredentialConsumers;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

import io.credreg.api.credential.CredentialPage;
import io.credreg.api.credential.FindCredentialPage;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;

import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.CredentialDetail;
import io.credreg.api.credential.CredentialStatus;
import io.credreg.api.credential.CredentialSummary;
import io.credreg.api.credential.DeletionImpact;
import io.credreg.api.credential.FindCredential;
import io.credreg.api.credential.FindCredentials;
import io.credreg.api.credential.FindDeletionImpact;
import io.credreg.query.binding.BindingViewRepository;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Answers the credential queries. The query bus runs each handler in a transaction, so a credential and its
 * bindings are read from one snapshot.
 */
@Component
class CredentialQueryHandler {

    private static final Sort LIST_ORDER = Sort.by("createdAt", "id");

    private final CredentialViewRepository credentials;
    private final BindingViewRepository bindings;

    private final int recoveryWindowDays;
    private final JdbcTemplate jdbc;

    CredentialQueryHandler(CredentialViewRepository credentials, BindingViewRepository bindings,
                           RecoveryWindowDefault recoveryWindow,
                           JdbcTemplate jdbc) {
        this.credentials = credentials;
        this.bindings = bindings;
        this.recoveryWindowDays = recoveryWindow.defaultDays();
        this.jdbc = jdbc;
    }

    @QueryHandler
    List<CredentialSummary> handle(FindCredentials query) {
        return credentials.findAll(CredentialFilters.of(query), LIST_ORDER).stream()
                .map(CredentialView::toSummary)
                .toList();
    }

    @QueryHandler
    CredentialPage handle(FindCredentialPage query) {
        Sort order = Sort.by(query.descending() ? Sort.Direction.DESC : Sort.Direction.ASC, query.sort())
                .and(Sort.by("id"));
        Page<CredentialView> page = credentials.findAll(CredentialFilters.of(query.filters()),
                PageRequest.of(query.page(), query.size(), order));
        return new CredentialPage(page.map(CredentialView::toSummary).getContent(), page.getTotalElements());
    }

    @QueryHandler
    Optional<CredentialDetail> handle(FindCredential query) {
        return credentials.findById(query.credentialId())
                .map(credential -> credential.toDetail(withLastResolved(credential.getId(),
                        bindings.findBindingsOf(credential.getId()))));
    }

    /** The settings bound to the credential now, each with the version its consumer last resolved. */
    @QueryHandler
    Optional<CredentialConsumers> handle(FindCredentialConsumers query) {
        return credentials.findById(query.credentialId())
                .map(credential -> new CredentialConsumers(withLastResolved(credential.getId(),
                        bindings.findBindingsOf(credential.getId())).stream()
                        .map(binding -> new CredentialConsumer(binding.instanceId(), binding.settingKey(),
                                binding.lastResolvedVersion(), binding.lastResolvedAt())).toList()));
    }

    private List<CredentialDetail.Binding> withLastResolved(String credentialId,
                                                            List<CredentialDetail.Binding> bound) {
        Map<List<String>, CredentialConsumer> last = new HashMap<>();
        jdbc.query("select instance_id, setting_key, last_resolved_version, last_resolved_at from qr_consumer "
                + "where credential_id = ?", row -> {
                    last.put(List.of(row.getString(1), row.getString(2)), new CredentialConsumer(row.getString(1),
                            row.getString(2), row.getInt(3), row.getObject(4, OffsetDateTime.class).toInstant()));
                }, credentialId);
        return bound.stream().map(binding -> {
            CredentialConsumer consumer = last.get(List.of(binding.instanceId(), binding.settingKey()));
            return consumer == null ? binding : new CredentialDetail.Binding(binding.instanceId(),
                    binding.settingKey(), binding.boundAt(), consumer.lastResolvedVersion(),
                    consumer.lastResolvedAt());
        }).toList();
    }

    /**
     * A deleted credential has nothing left to unbind, whatever the binding rows say in between. The preview names the
     * recovery window a deletion gets by default (the command side's setting, given to both sides) and, for a deleted
     * credential, until when it can be restored (decision 0200).
     */
    @QueryHandler
    Optional<DeletionImpact> handle(FindDeletionImpact query) {
        return credentials.findById(query.credentialId())
                .map(credential -> new DeletionImpact(credential.getId(), settingsOf(credential),
                        credential.getVersion(), recoveryWindowDays, credential.getRestorableUntil(),
                        credential.getPendingVersion()));
    }

    private List<SettingRef> settingsOf(CredentialView credential) {
        boolean deleted = CredentialStatus.DELETED.label().equals(credential.getStatus());
        return deleted ? List.of() : bindings.findSettingsOf(credential.getId());
    }
}
