package io.credreg.command.resolution;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionTagTest {

    @Test
    void matchesTheVersionAConsumerHoldsWhetherWeakOrStrongAndAmongOthers() {
        assertThat(VersionTag.parse("\"3\"").matches(3)).isTrue();
        assertThat(VersionTag.parse("W/\"3\"").matches(3)).isTrue();
        assertThat(VersionTag.parse("\"1\", \"3\"").matches(3)).isTrue();
        assertThat(VersionTag.parse("*").matches(7)).isTrue();
    }

    @Test
    void anyOtherVersionOrNoHeaderDoesNotMatch() {
        assertThat(VersionTag.parse("\"2\"").matches(3)).isFalse();
        assertThat(VersionTag.parse("3").matches(3)).as("an unquoted tag is not a tag").isFalse();
        assertThat(VersionTag.parse(null).matches(3)).isFalse();
        assertThat(VersionTag.parse(" ").matches(3)).isFalse();
    }
}
