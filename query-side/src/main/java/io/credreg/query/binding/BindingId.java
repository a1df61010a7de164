package io.credreg.query.binding;

import jakarta.persistence.Embeddable;

import java.io.Serializable;

/**
 * The credential belongs to the key: a replacement unbinds the old credential and binds the new one on two
 * different streams, and keyed like this the two rows never collide, whichever is projected first.
 */
@Embeddable
public record BindingId(String credentialId, String instanceId, String settingKey) implements Serializable {
}
