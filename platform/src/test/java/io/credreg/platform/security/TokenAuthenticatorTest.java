package io.credreg.platform.security;

import io.credreg.api.token.ApiTokens;
import io.credreg.api.token.TokenRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A found token is reused for at most the cache's time; a revocation wins once it has passed. */
class TokenAuthenticatorTest {

    @TempDir
    Path dataDir;

    private final Map<String, TokenPrincipal> active = new HashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();

    private TokenAuthenticator authenticator(Duration ttl) {
        TokenLookup lookup = hash -> {
            lookups.incrementAndGet();
            return Optional.ofNullable(active.get(hash));
        };
        return new TokenAuthenticator(lookup, "crt_bootstrap-for-this-test", dataDir, ttl, nanos::get);
    }

    @Test
    void aFoundTokenIsLookedUpOncePerCacheTimeAndARevocationWinsAfterIt() {
        TokenAuthenticator authenticator = authenticator(Duration.ofMillis(500));
        String token = ApiTokens.generate();
        active.put(ApiTokens.hash(token), new TokenPrincipal("t-1", "reader", TokenRole.AUDITOR, null));

        for (int i = 0; i < 100; i++) {
            assertThat(authenticator.authenticate(token)).isPresent();
        }
        assertThat(lookups).hasValue(1);

        active.clear(); // revoked
        nanos.addAndGet(Duration.ofMillis(499).toNanos());
        assertThat(authenticator.authenticate(token)).as("within the cache time").isPresent();
        nanos.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(authenticator.authenticate(token)).as("after it").isEmpty();
    }

    @Test
    void anUnknownTokenIsLookedUpEveryTimeSoANewTokenWorksAtOnce() {
        TokenAuthenticator authenticator = authenticator(Duration.ofMillis(500));
        String token = ApiTokens.generate();

        assertThat(authenticator.authenticate(token)).isEmpty();
        active.put(ApiTokens.hash(token), new TokenPrincipal("t-2", "new", TokenRole.ADMIN, null));

        assertThat(authenticator.authenticate(token)).isPresent();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void withoutACacheTimeEveryRequestIsLookedUp() {
        TokenAuthenticator authenticator = authenticator(Duration.ZERO);
        String token = ApiTokens.generate();
        active.put(ApiTokens.hash(token), new TokenPrincipal("t-3", "x", TokenRole.ADMIN, null));

        authenticator.authenticate(token);
        authenticator.authenticate(token);

        assertThat(lookups).hasValue(2);
    }

    @Test
    void theCacheTimeIsAtMostOneSecond() {
        assertThatThrownBy(() -> new RegistrySecurityProperties(20, Duration.ofMinutes(1), java.util.List.of(),
                Duration.ofMillis(1001))).hasMessageContaining("token-cache-ttl");
    }
}
