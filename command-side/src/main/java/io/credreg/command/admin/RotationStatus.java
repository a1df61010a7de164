package io.credreg.command.admin;

/**
 * Where a master key rotation stands. {@code remaining} counts the keys (data keys and the fingerprint key) still
 * wrapped by any master key other than the current one; once it is 0 the previous key is no longer needed.
 *
 * @param state             {@code idle} (never started in this process), {@code running}, {@code done} or
 *                          {@code failed}
 * @param currentKeyId      the id (a hash prefix) of the master key new keys are wrapped with
 * @param previousKeyId     the id of the previous master key this process holds, or null
 * @param dataKeys          all data keys
 * @param dataKeysRemaining data keys not yet wrapped by the current master key
 * @param fingerprintKeyRemaining whether the fingerprint key is not yet wrapped by the current master key
 * @param remaining         everything not yet wrapped by the current master key
 * @param rewrapped         keys this process re-wrapped in its last rotation
 * @param lastError         why the last rotation failed, or null
 */
public record RotationStatus(String state, String currentKeyId, String previousKeyId, long dataKeys,
                             long dataKeysRemaining, boolean fingerprintKeyRemaining, long remaining, long rewrapped,
                             String lastError) {
}
