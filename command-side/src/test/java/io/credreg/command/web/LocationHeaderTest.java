package io.credreg.command.web;

import io.credreg.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A 201's Location never carries what a caller put in the Host header: it is relative to the registry. */
class LocationHeaderTest extends CommandSideIntegrationTest {

    private static final String FORGED_HOST = "attacker.example";

    @Test
    void aCreatedCredentialsLocationIgnoresTheHostHeader() throws IOException {
        String response = rawPost("/api/credentials",
                json("name", unique("located"), "provider", "openai", "secret", newSecret()));

        assertThat(response).startsWith("HTTP/1.1 201").doesNotContainIgnoringCase(FORGED_HOST);
        assertThat(location(response)).matches("/api/credentials/[0-9a-f-]{36}");
    }

    @Test
    void anIssuedTokensLocationIgnoresTheHostHeader() throws IOException {
        String response = rawPost("/api/tokens", json("name", unique("located"), "role", "ADMIN"));

        assertThat(response).startsWith("HTTP/1.1 201").doesNotContainIgnoringCase(FORGED_HOST);
        assertThat(location(response)).matches("/api/tokens/[0-9a-f-]{36}");
    }

    /** The JDK's HTTP client will not send a Host of our choosing, so this speaks HTTP/1.1 itself. */
    private String rawPost(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + FORGED_HOST + "\r\n"
                    + "X-Forwarded-Host: " + FORGED_HOST + "\r\nAuthorization: Bearer " + ADMIN_TOKEN + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String location(String response) {
        return response.lines().filter(line -> line.regionMatches(true, 0, "Location:", 0, 9))
                .map(line -> line.substring(9).strip()).findFirst().orElse("");
    }
}
