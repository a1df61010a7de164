package io.credreg.query.timetravel;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialDetail;
import io.credreg.api.credential.CredentialPurged;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.CredentialRestored;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.CredentialStatus;
import io.credreg.api.timetravel.CredentialAsOf;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A credential's state, folded from its own events in stream order. Each event changes the state exactly as the
 * {@code credentials} projection changes its tables, so a fold of the whole stream answers what the current detail
 * answers (once that projection has caught up).
 */
final class CredentialFold {

    private final String id;
    private String name;
    private String provider;
    private String status;
    private String secretHint;
    private int secretVersion;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant restorableUntil;
    private Instant purgedAt;
    /** Keyed (instance, setting), ordered as the detail lists them. */
    private final Map<List<String>, CredentialDetail.Binding> bindings = new TreeMap<>(
            Comparator.<List<String>, String>comparing(key -> key.get(0)).thenComparing(key -> key.get(1)));

    CredentialFold(String id) {
        this.id = id;
    }

    boolean exists() {
        return createdAt != null;
    }

    void apply(Object event, Instant at) {
        if (event instanceof CredentialCreated created) {
            name = created.name();
            provider = created.provider();
            status = CredentialStatus.ACTIVE.label();
            secretHint = created.secretHint();
            secretVersion = created.secretVersion();
            createdAt = at;
            updatedAt = at;
        } else if (event instanceof CredentialRenamed renamed) {
            name = renamed.newName();
            updatedAt = at;
        } else if (event instanceof CredentialSecretRotated rotated) {
            secretHint = rotated.secretHint();
            secretVersion = Math.max(secretVersion, rotated.secretVersion());
            updatedAt = at;
        } else if (event instanceof CredentialDeleted deleted) {
            status = CredentialStatus.DELETED.label();
            restorableUntil = deleted.restorableUntil();
            bindings.clear();
            updatedAt = at;
        } else if (event instanceof CredentialRestored restored) {
            status = CredentialStatus.ACTIVE.label();
            restorableUntil = null;
            secretVersion = restored.secretVersion();
            updatedAt = at; // its rebinds follow as SettingBound
        } else if (event instanceof CredentialPurged) {
            restorableUntil = null;
            purgedAt = at;
            updatedAt = at;
        } else if (event instanceof SettingBound bound) {
            bindings.putIfAbsent(List.of(bound.instanceId(), bound.settingKey()),
                    new CredentialDetail.Binding(bound.instanceId(), bound.settingKey(), at));
        } else if (event instanceof SettingUnbound unbound) {
            bindings.remove(List.of(unbound.instanceId(), unbound.settingKey()));
        }
        // an event type this fold does not know changes nothing it shows
    }

    String id() {
        return id;
    }

    String name() {
        return name;
    }

    String provider() {
        return provider;
    }

    List<CredentialDetail.Binding> bindings() {
        return List.copyOf(bindings.values());
    }

    CredentialAsOf asOf(Instant asOf) {
        return new CredentialAsOf(id, name, provider, status, secretHint, secretVersion, bindings.size(), createdAt,
                updatedAt, bindings(), asOf, restorableUntil, purgedAt);
    }
}
