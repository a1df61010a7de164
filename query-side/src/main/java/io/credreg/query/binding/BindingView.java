package io.credreg.query.binding;

import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * "Setting {@code settingKey} of instance {@code instanceId} uses credential {@code credentialId} now." Read through
 * {@link BindingViewRepository}'s queries; written by {@link BindingWriter}.
 */
@Entity
@Table(name = "qr_binding")
public class BindingView {

    @EmbeddedId
    private BindingId id;
    private Instant boundAt;

    protected BindingView() {
    }
}
