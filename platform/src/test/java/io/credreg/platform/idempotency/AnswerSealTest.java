package io.credreg.platform.idempotency;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnswerSealTest {

    private static final byte[] ANSWER = "{\"token\":\"crt_secret-value\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void onlyTheSameCallerWithTheSameKeyOpensTheAnswer() throws GeneralSecurityException {
        AnswerSeal seal = AnswerSeal.derive("crt_bearer-one", "token-1", "key-1");
        AnswerSeal.Sealed sealed = seal.seal(201, ANSWER);

        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("crt_secret-value");
        assertThat(AnswerSeal.derive("crt_bearer-one", "token-1", "key-1").open(201, sealed.nonce(),
                sealed.ciphertext())).isEqualTo(ANSWER);
        for (AnswerSeal other : List.of(AnswerSeal.derive("crt_bearer-two", "token-1", "key-1"),
                AnswerSeal.derive("crt_bearer-one", "token-2", "key-1"),
                AnswerSeal.derive("crt_bearer-one", "token-1", "key-2"))) {
            assertThatThrownBy(() -> other.open(201, sealed.nonce(), sealed.ciphertext()))
                    .isInstanceOf(GeneralSecurityException.class);
        }
    }

    @Test
    void theStatusIsAuthenticatedWithTheAnswer() {
        AnswerSeal seal = AnswerSeal.derive("crt_bearer", "token", "key");
        AnswerSeal.Sealed sealed = seal.seal(201, ANSWER);

        assertThatThrownBy(() -> seal.open(200, sealed.nonce(), sealed.ciphertext()))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void theRequestMacTellsRequestsApartAndNeedsTheBearer() {
        AnswerSeal seal = AnswerSeal.derive("crt_bearer", "token", "key");
        String mac = seal.requestMac("POST", "/api/tokens", ANSWER);

        assertThat(seal.requestMac("POST", "/api/tokens", ANSWER)).isEqualTo(mac);
        assertThat(seal.requestMac("PUT", "/api/tokens", ANSWER)).isNotEqualTo(mac);
        assertThat(seal.requestMac("POST", "/api/tokens?x=1", ANSWER)).isNotEqualTo(mac);
        assertThat(seal.requestMac("POST", "/api/tokens", new byte[0])).isNotEqualTo(mac);
        assertThat(AnswerSeal.derive("crt_other", "token", "key").requestMac("POST", "/api/tokens", ANSWER))
                .isNotEqualTo(mac);
        assertThat(seal.keyHash()).hasSize(64).isEqualTo(AnswerSeal.keyHash("key")).doesNotContain("key");
    }
}
