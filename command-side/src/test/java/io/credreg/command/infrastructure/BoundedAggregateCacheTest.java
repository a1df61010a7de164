package io.credreg.command.infrastructure;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundedAggregateCacheTest {

    @Test
    void keepsWhatItWasGivenUntilRemoved() {
        BoundedAggregateCache cache = new BoundedAggregateCache(10);
        Object credential = new Object();

        cache.put("c-1", credential);
        System.gc(); // a weak cache would lose it here; this one must not

        assertThat(cache.<String, Object>get("c-1")).isSameAs(credential);
        assertThat(cache.containsKey("c-1")).isTrue();
        assertThat(cache.remove("c-1")).isTrue();
        assertThat(cache.remove("c-1")).isFalse();
        assertThat(cache.<String, Object>get("c-1")).isNull();
    }

    @Test
    void putIfAbsentKeepsTheFirstAndComputeIfAbsentReusesIt() {
        BoundedAggregateCache cache = new BoundedAggregateCache(10);

        assertThat(cache.putIfAbsent("c-1", "first")).isTrue();
        assertThat(cache.putIfAbsent("c-1", "second")).isFalse();
        assertThat(cache.<String>computeIfAbsent("c-1", () -> "third")).isEqualTo("first");
        cache.<String>computeIfPresent("c-1", value -> value + "!");
        assertThat(cache.<String, String>get("c-1")).isEqualTo("first!");
    }

    @Test
    void staysWithinItsBound() {
        BoundedAggregateCache cache = new BoundedAggregateCache(100);

        IntStream.range(0, 10_000).forEach(i -> cache.put("c-" + i, i));
        cache.removeAll();
        IntStream.range(0, 1_000).forEach(i -> cache.put("d-" + i, i));

        long kept = IntStream.range(0, 1_000).filter(i -> cache.containsKey("d-" + i)).count();
        assertThat(kept).isLessThanOrEqualTo(100);
        assertThat(IntStream.range(0, 10_000).noneMatch(i -> cache.containsKey("c-" + i))).isTrue();
    }

    @Test
    void refusesEntryListenersRatherThanIgnoringThem() {
        assertThatThrownBy(() -> new BoundedAggregateCache(1).registerCacheEntryListener(null))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
