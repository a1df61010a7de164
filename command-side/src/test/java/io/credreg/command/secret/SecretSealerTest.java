package io.credreg.command.secret;

import io.credreg.api.credential.SealedSecret;
import io.credreg.api.credential.SecretEnvelope;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretSealerTest {

    private static final String SECRET = "sk-proj-0123456789abcdef9f3a";

    private final SecretSealer sealer = new SecretSealer(new MasterKey(key(1)));

    @Test
    void sealsUnderAFreshDataKeyAndOpensItAgain() {
        SealedSecret sealed = sealer.seal(SECRET);

        assertThat(sealed.envelope().dataKeyId()).isEqualTo(sealed.dataKeyId());
        assertThat(Base64.getDecoder().decode(sealed.envelope().nonce())).hasSize(12);
        assertThat(sealed.hint()).isEqualTo("…9f3a");
        assertThat(sealed.fingerprint()).startsWith("hmac-sha256:");
        assertThat(sealer.open(sealed.envelope(), sealed.wrappedDataKey())).isEqualTo(SECRET);
        assertThat(String.join("|", sealed.envelope().toString(), sealed.wrappedDataKey(), sealed.fingerprint(),
                sealed.toString())).doesNotContain(SECRET).doesNotContain(base64(SECRET));
    }

    @Test
    void equalSecretsShareAFingerprintButNothingElse() {
        SealedSecret one = sealer.seal(SECRET);
        SealedSecret two = sealer.seal(SECRET);

        assertThat(one.fingerprint()).isEqualTo(two.fingerprint()).isEqualTo(sealer.fingerprint(SECRET));
        assertThat(one.dataKeyId()).isNotEqualTo(two.dataKeyId());
        assertThat(one.wrappedDataKey()).isNotEqualTo(two.wrappedDataKey());
        assertThat(one.envelope().ciphertext()).isNotEqualTo(two.envelope().ciphertext());
        assertThat(sealer.fingerprint(SECRET + "x")).isNotEqualTo(one.fingerprint());
    }

    @Test
    void fingerprintsDependOnTheMasterKey() {
        SecretSealer other = new SecretSealer(new MasterKey(key(2)));

        assertThat(other.fingerprint(SECRET)).isNotEqualTo(sealer.fingerprint(SECRET));
    }

    @Test
    void anotherMasterKeyCannotUnwrapTheDataKey() {
        SealedSecret sealed = sealer.seal(SECRET);
        SecretSealer other = new SecretSealer(new MasterKey(key(2)));

        assertThatThrownBy(() -> other.open(sealed.envelope(), sealed.wrappedDataKey()))
                .isInstanceOf(SecretCryptoException.class);
    }

    @Test
    void aTamperedCiphertextOrAnEnvelopeMovedToAnotherKeyIdFails() {
        SealedSecret sealed = sealer.seal(SECRET);
        byte[] ciphertext = Base64.getDecoder().decode(sealed.envelope().ciphertext());
        ciphertext[0] ^= 1;
        SecretEnvelope tampered = new SecretEnvelope(sealed.dataKeyId(), sealed.envelope().nonce(),
                Base64.getEncoder().encodeToString(ciphertext));
        SecretEnvelope relabelled = new SecretEnvelope("another-key-id", sealed.envelope().nonce(),
                sealed.envelope().ciphertext());

        assertThatThrownBy(() -> sealer.open(tampered, sealed.wrappedDataKey()))
                .isInstanceOf(SecretCryptoException.class);
        assertThatThrownBy(() -> sealer.open(relabelled, sealed.wrappedDataKey()))
                .isInstanceOf(SecretCryptoException.class);
    }

    @Test
    void aDataKeyOpensOnlyItsOwnEnvelope() {
        SealedSecret one = sealer.seal(SECRET);
        SealedSecret two = sealer.seal("sk-another-secret-000000000000");

        assertThatThrownBy(() -> sealer.open(one.envelope(), two.wrappedDataKey()))
                .isInstanceOf(SecretCryptoException.class);
    }

    @Test
    void theLargestAcceptedSecretRoundTrips() {
        String large = "é".repeat(4096);

        SealedSecret sealed = sealer.seal(large);

        assertThat(sealer.open(sealed.envelope(), sealed.wrappedDataKey())).isEqualTo(large);
        assertThat(sealed.wrappedDataKey().length()).as("fits data_key.wrapped_key").isLessThanOrEqualTo(512);
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i);
        }
        return key;
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
