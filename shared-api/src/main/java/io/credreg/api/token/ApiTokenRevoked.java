package io.credreg.api.token;

/**
 * A token was revoked; from now on it authenticates nothing, on any node. {@code reason} is {@code null} when someone
 * asked for it, {@link #INSTANCE_REMOVED} when the removal of its instance took it along (events written before the
 * field existed read as {@code null}).
 */
public record ApiTokenRevoked(String tokenId, String name, String reason) {

    /** The instance the token was bound to was removed: a later instance under the same id must not inherit it. */
    public static final String INSTANCE_REMOVED = "INSTANCE_REMOVED";

    public ApiTokenRevoked(String tokenId, String name) {
        this(tokenId, name, null);
    }
}
