package io.credreg.command.secret;

import java.util.Optional;

/**
 * The master keys this process holds: the current one, which wraps every new key, and during a rotation the previous
 * one, which still opens the keys not yet re-wrapped. A wrapped key names the master key that wrapped it (its
 * {@code master_key_id} column), but unwrapping does not depend on that: AES-GCM refuses the wrong key, so a key
 * re-wrapped between a reader's read and its unwrap still opens.
 */
public final class MasterKeyRing {

    private final MasterKey current;
    private final MasterKey previous;

    public MasterKeyRing(MasterKey current, MasterKey previous) {
        this.current = current;
        this.previous = previous == null || previous.id().equals(current.id()) ? null : previous;
    }

    public MasterKey current() {
        return current;
    }

    public Optional<MasterKey> previous() {
        return Optional.ofNullable(previous);
    }

    /** The key with this id, if this process holds it. */
    Optional<MasterKey> byId(String masterKeyId) {
        if (current.id().equals(masterKeyId)) {
            return Optional.of(current);
        }
        return previous().filter(key -> key.id().equals(masterKeyId));
    }

    byte[] unwrap(byte[] wrapped, String keyId) {
        try {
            return current.unwrap(wrapped, keyId);
        } catch (SecretCryptoException notCurrent) {
            if (previous == null) {
                throw notCurrent;
            }
            return previous.unwrap(wrapped, keyId);
        }
    }

    @Override
    public String toString() {
        return "MasterKeyRing[current=" + current.id() + (previous == null ? "" : ", previous=" + previous.id()) + "]";
    }
}
