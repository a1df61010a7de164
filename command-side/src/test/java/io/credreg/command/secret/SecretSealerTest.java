package io.credreg.command.secret;

import io.credreg.api.credential.SealedSecret;
import io.credreg.api.credential.SecretEnvelope;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretSealerTest {

    private static final String SECRET = "sk-proj-0123456789abcdef9f3a";
    private static final String ID = "cred-1";

    private final SecretSealer sealer = new SecretSealer(new MasterKey(key(1)));

    @Test
    void sealsUnderAFreshDataKeyAndOpensItAgain() {
        SealedSecret sealed = sealer.seal(SECRET, ID, 1);

        assertThat(sealed.envelope().dataKeyId()).isEqualTo(sealed.dataKeyId());
        assertThat(Base64.getDecoder().decode(sealed.envelope().nonce())).hasSize(12);
        assertThat(sealed.hint()).isEqualTo("…9f3a");
        assertThat(sealed.fingerprint()).startsWith("hmac-sha256:");
        assertThat(sealer.open(sealed.envelope(), sealed.wrappedDataKey(), ID, 1)).isEqualTo(SECRET);
        assertThat(String.join("|", sealed.envelope().toString(), sealed.wrappedDataKey(), sealed.fingerprint(),
                sealed.toString())).doesNotContain(SECRET).doesNotContain(base64(SECRET));
    }

    @Test
    void equalSecretsShareAFingerprintButNothingElse() {
        SealedSecret one = sealer.seal(SECRET, ID, 1);
        SealedSecret two = sealer.seal(SECRET, ID, 1);

        assertThat(one.fingerprint()).isEqualTo(two.fingerprint()).isEqualTo(sealer.fingerprint(SECRET));
        assertThat(one.dataKeyId()).isNotEqualTo(two.dataKeyId());
        assertThat(one.wrappedDataKey()).isNotEqualTo(two.wrappedDataKey());
        assertThat(one.envelope().ciphertext()).isNotEqualTo(two.envelope().ciphertext());
        assertThat(sealer.fingerprint(SECRET + "x")).isNotEqualTo(one.fingerprint());
    }

    @Test
    void aRefusedOpenLeavesNothingBehindForTheNextOperationOnTheSameThread() {
        SealedSecret sealed = sealer.seal(SECRET, ID, 1);

        assertThatThrownBy(() -> sealer.open(sealed.envelope(), sealed.wrappedDataKey(), "cred-2", 1))
                .isInstanceOf(SecretCryptoException.class);
        assertThat(sealer.open(sealed.envelope(), sealed.wrappedDataKey(), ID, 1)).isEqualTo(SECRET);
        SealedSecret next = sealer.seal(SECRET + "2", ID, 2);
        assertThat(sealer.open(next.envelope(), next.wrappedDataKey(), ID, 2)).isEqualTo(SECRET + "2");
    }

    @Test
    void threadsSealingAndOpeningAtOnceEachGetTheirOwnSecret() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> opened = IntStream.range(0, 400).mapToObj(i -> threads.submit(() -> {
                SealedSecret sealed = sealer.seal(SECRET + i, "cred-" + i, 1);
                return sealer.open(sealed.envelope(), sealed.wrappedDataKey(), "cred-" + i, 1);
            })).toList();
            for (int i = 0; i < opened.size(); i++) {
                assertThat(opened.get(i).get()).isEqualTo(SECRET + i);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void fingerprintsDependOnTheMasterKey() {
        SecretSealer other = new SecretSealer(new MasterKey(key(2)));

        assertThat(other.fingerprint(SECRET)).isNotEqualTo(sealer.fingerprint(SECRET));
    }

    @Test
    void anotherMasterKeyCannotUnwrapTheDataKey() {
        SealedSecret sealed = sealer.seal(SECRET, ID, 1);
        SecretSealer other = new SecretSealer(new MasterKey(key(2)));

        assertThatThrownBy(() -> other.open(sealed.envelope(), sealed.wrappedDataKey(), ID, 1))
                .isInstanceOf(SecretCryptoException.class);
    }

    @Test
    void aTamperedCiphertextOrAnEnvelopeMovedToAnotherKeyIdFails() {
        SealedSecret sealed = sealer.seal(SECRET, ID, 1);
        byte[] ciphertext = Base64.getDecoder().decode(sealed.envelope().ciphertext());
        ciphertext[0] ^= 1;
        SecretEnvelope tampered = new SecretEnvelope(sealed.dataKeyId(), sealed.envelope().nonce(),
                Base64.getEncoder().encodeToString(ciphertext), SecretEnvelope.FORMAT_BOUND);
        SecretEnvelope relabelled = new SecretEnvelope("another-key-id", sealed.envelope().nonce(),
                sealed.envelope().ciphertext(), SecretEnvelope.FORMAT_BOUND);

        assertThatThrownBy(() -> sealer.open(tampered, sealed.wrappedDataKey(), ID, 1))
                .isInstanceOf(SecretCryptoException.class);
        assertThatThrownBy(() -> sealer.open(relabelled, sealed.wrappedDataKey(), ID, 1))
                .isInstanceOf(SecretCryptoException.class);
    }

    @Test
    void aDataKeyOpensOnlyItsOwnEnvelope() {
        SealedSecret one = sealer.seal(SECRET, ID, 1);
        SealedSecret two = sealer.seal("sk-another-secret-000000000000", ID, 1);

        assertThatThrownBy(() -> sealer.open(one.envelope(), two.wrappedDataKey(), ID, 1))
                .isInstanceOf(SecretCryptoException.class);
    }

    @Test
    void anEnvelopeIsBoundToItsCredentialAndVersion() {
        SealedSecret sealed = sealer.seal(SECRET, ID, 3);

        assertThat(sealed.envelope().format()).isEqualTo(SecretEnvelope.FORMAT_BOUND);
        assertThat(sealed.boundTo(ID, 3)).isTrue();
        assertThat(sealer.open(sealed.envelope(), sealed.wrappedDataKey(), ID, 3)).isEqualTo(SECRET);
        // moved into another credential's stream, or replayed as another version: the associated data differs
        assertThatThrownBy(() -> sealer.open(sealed.envelope(), sealed.wrappedDataKey(), "cred-2", 3))
                .isInstanceOf(SecretCryptoException.class);
        assertThatThrownBy(() -> sealer.open(sealed.envelope(), sealed.wrappedDataKey(), ID, 2))
                .isInstanceOf(SecretCryptoException.class);
        assertThatThrownBy(() -> sealer.open(sealed.envelope(), sealed.wrappedDataKey(), ID, 4))
                .isInstanceOf(SecretCryptoException.class);
    }

    @Test
    void relabellingABoundEnvelopeAsTheFirstFormatDoesNotUnbindIt() {
        SealedSecret sealed = sealer.seal(SECRET, ID, 1);
        SecretEnvelope downgraded = new SecretEnvelope(sealed.dataKeyId(), sealed.envelope().nonce(),
                sealed.envelope().ciphertext(), SecretEnvelope.FORMAT_KEY_ONLY);

        assertThatThrownBy(() -> sealer.open(downgraded, sealed.wrappedDataKey(), "cred-2", 1))
                .isInstanceOf(SecretCryptoException.class);
    }

    @Test
    void envelopesOfTheFirstFormatStillOpenWhereverTheyAreFound() {
        MasterKey master = new MasterKey(key(1));
        String dataKeyId = "dk-legacy";
        byte[] dataKey = Aes256Gcm.randomKey();
        byte[] sealedBytes = Aes256Gcm.seal(dataKey, SECRET.getBytes(StandardCharsets.UTF_8), dataKeyId);
        SecretEnvelope legacy = new SecretEnvelope(dataKeyId,
                Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(sealedBytes, Aes256Gcm.NONCE_BYTES)),
                Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(sealedBytes, Aes256Gcm.NONCE_BYTES,
                        sealedBytes.length)), null);
        String wrapped = Base64.getEncoder().encodeToString(master.wrap(dataKey, dataKeyId));

        assertThat(legacy.boundToCredential()).isFalse();
        assertThat(sealer.open(legacy, wrapped, ID, 7)).isEqualTo(SECRET);
    }

    @Test
    void theBindingOfDifferentTriplesNeverCoincides() {
        assertThat(SecretSealer.bind("k", "c;1:x", 1)).isNotEqualTo(SecretSealer.bind("k", "c", 1));
        assertThat(SecretSealer.bind("1:k", "c", 1)).isNotEqualTo(SecretSealer.bind("k", "c;1:1", 1));
        assertThat(SecretSealer.bind("k", "c", 12)).isNotEqualTo(SecretSealer.bind("k", "c", 1));
    }

    @Test
    void theLargestAcceptedSecretRoundTrips() {
        String large = "é".repeat(4096);

        SealedSecret sealed = sealer.seal(large, ID, 1);

        assertThat(sealer.open(sealed.envelope(), sealed.wrappedDataKey(), ID, 1)).isEqualTo(large);
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
