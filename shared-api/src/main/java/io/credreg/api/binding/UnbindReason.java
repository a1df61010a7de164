package io.credreg.api.binding;

/** Why a setting let go of a credential. */
public enum UnbindReason {
    /** Someone asked for exactly this unbind. */
    REQUESTED,
    /** The setting was bound to another credential. */
    REPLACED,
    /** The credential was deleted: a compensating unbind of its cascade. */
    CREDENTIAL_DELETED,
    /** The instance was removed. */
    INSTANCE_REMOVED
}
