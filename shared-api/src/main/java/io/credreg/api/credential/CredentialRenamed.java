package io.credreg.api.credential;

import io.credreg.api.EventRevision;

/**
 * A credential got a new name. Revision 2 renamed the field {@code name} to {@code newName}; events stored before
 * (no revision) are upcast when read (see {@link io.credreg.api.EventEvolutions}).
 */
@EventRevision(CredentialRenamed.REVISION)
public record CredentialRenamed(String credentialId, String provider, String previousName, String newName) {

    /** The current revision of this event's stored shape. */
    public static final String REVISION = "2";
}
