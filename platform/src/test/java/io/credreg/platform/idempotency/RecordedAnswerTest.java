package io.credreg.platform.idempotency;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecordedAnswerTest {

    @Test
    void headersAndBodySurviveTheRoundTripByteForByte() {
        byte[] body = "{\"a\":\"line\\nbreak\"}\n\nafter an empty line".getBytes(StandardCharsets.UTF_8);
        RecordedAnswer answer = new RecordedAnswer(List.of(new RecordedAnswer.Header("Content-Type",
                "application/json"), new RecordedAnswer.Header("Location", "/api/tokens/x: y")), body);

        RecordedAnswer decoded = RecordedAnswer.decode(answer.encode());

        assertThat(decoded.headers()).isEqualTo(answer.headers());
        assertThat(decoded.body()).isEqualTo(body);
    }

    @Test
    void anEmptyAnswerHasNoHeadersAndNoBody() {
        RecordedAnswer decoded = RecordedAnswer.decode(new RecordedAnswer(List.of(), new byte[0]).encode());

        assertThat(decoded.headers()).isEmpty();
        assertThat(decoded.body()).isEmpty();
    }
}
