package io.credreg.platform.idempotency;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An answer as recorded for replay: the headers that describe the result ({@link #REPLAYED_HEADERS}) and the body,
 * byte for byte. Encoded as "Name: value" lines, an empty line, then the body; sealed before it is stored.
 */
record RecordedAnswer(List<Header> headers, byte[] body) {

    /** What a command's answer can carry that belongs to its result; per-request headers (a request id) do not. */
    static final List<String> REPLAYED_HEADERS = List.of("Content-Type", "Location", "ETag");

    record Header(String name, String value) {
    }

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Header header : headers) {
            out.writeBytes((header.name() + ": " + header.value() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.write('\n');
        out.writeBytes(body);
        return out.toByteArray();
    }

    static RecordedAnswer decode(byte[] encoded) {
        List<Header> headers = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = indexOf(encoded, start);
            if (end == start) {
                return new RecordedAnswer(headers, Arrays.copyOfRange(encoded, end + 1, encoded.length));
            }
            String line = new String(encoded, start, end - start, StandardCharsets.UTF_8);
            int colon = line.indexOf(": ");
            headers.add(new Header(line.substring(0, colon), line.substring(colon + 2)));
            start = end + 1;
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("not a recorded answer");
    }
}
