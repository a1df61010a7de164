package io.credreg.command.web;

import io.credreg.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hardening of the HTTP edge: bodies are read strictly (unknown fields, wrong types, repeated fields, trailing
 * tokens and deep nesting are refused), bodies beyond the limit are refused before they are parsed, and no answer
 * shows a framework class, a stack trace or a value the client sent.
 */
class StrictInputIntegrationTest extends CommandSideIntegrationTest {

    private static final String TYPE_BASE = "https://credential-registry.dev/problems/";

    @Test
    void anUnknownFieldIsRefusedAndNamed() {
        String secret = newSecret();
        Reply reply = refused(() -> post("/api/credentials",
                "{\"name\":\"" + unique("n") + "\",\"provider\":\"openai\",\"secret\":\"" + secret
                        + "\",\"admin\":true}"), 400);
        assertThat(detail(reply)).contains("unknown field 'admin'");
        assertThat(reply.body()).doesNotContain(secret);
    }

    @Test
    void anUnknownFieldInABindIsRefused() {
        String credential = createOpenAiCredential();
        Reply reply = refused(() -> put("/api/instances/" + unique("acme") + "/settings/openai.default",
                "{\"credentialId\":\"" + credential + "\",\"force\":1}"), 400);
        assertThat(detail(reply)).contains("'force'");
    }

    @Test
    void wrongTypesAreRefusedNamingTheFieldButNotTheValue() {
        String secretLike = "sk-" + "z".repeat(40);
        Reply number = refused(() -> post("/api/credentials",
                "{\"name\":42,\"provider\":\"openai\",\"secret\":\"" + newSecret() + "\"}"), 400);
        assertThat(detail(number)).isEqualTo("'name' has the wrong type");

        Reply bool = refused(() -> post("/api/credentials",
                "{\"name\":\"" + unique("n") + "\",\"provider\":\"openai\",\"secret\":true}"), 400);
        assertThat(detail(bool)).isEqualTo("'secret' has the wrong type");

        Reply nested = refused(() -> post("/api/credentials", "{\"name\":\"" + unique("n")
                + "\",\"provider\":\"openai\",\"secret\":{\"value\":\"" + secretLike + "\"}}"), 400);
        assertThat(detail(nested)).contains("'secret'");
        assertThat(nested.body()).doesNotContain(secretLike);

        Reply array = refused(() -> post("/api/credentials", "[1,2,3]"), 400);
        assertThat(detail(array)).contains("JSON object");
    }

    @Test
    void aRepeatedFieldIsRefused() {
        String first = newSecret();
        String second = newSecret();
        Reply reply = refused(() -> post("/api/credentials", "{\"name\":\"" + unique("n")
                + "\",\"provider\":\"openai\",\"secret\":\"" + first + "\",\"secret\":\"" + second + "\"}"), 400);
        assertThat(detail(reply)).isEqualTo("field 'secret' appears more than once");
        assertThat(reply.body()).doesNotContain(first).doesNotContain(second);
    }

    @Test
    void anythingAfterTheBodyIsRefused() {
        String valid = json("name", unique("n"), "provider", "openai", "secret", newSecret());
        refused(() -> post("/api/credentials", valid + " {}"), 400);
        refused(() -> post("/api/credentials", valid + " garbage"), 400);
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "{\"name\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        refused(() -> post("/api/credentials", deep), 400);
        String deepObject = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);
        refused(() -> post("/api/credentials", deepObject), 400);
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413BeforeItIsParsed() {
        String huge = "{\"name\":\"" + "x".repeat(70 * 1024) + "\",\"provider\":\"openai\",\"secret\":\""
                + newSecret() + "\"}";
        Reply reply = refused(() -> post("/api/credentials", huge), 413);
        assertThat(reply.json().path("type").asString()).isEqualTo(TYPE_BASE + "payload-too-large");
        // not even valid JSON: the size alone decides, nothing is parsed
        refused(() -> post("/api/credentials", "[".repeat(200_000)), 413);
    }

    @Test
    void aChunkedBodyIsHeldToTheSameLimit() throws Exception {
        String huge = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
        long before = eventRowCount();
        HttpResponse<String> tooBig = chunked(huge);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.headers().firstValue("Content-Type").orElse("")).startsWith(PROBLEM_JSON);
        assertThat(eventRowCount()).isEqualTo(before);

        // a chunked body within the limit is read as usual
        HttpResponse<String> fits = chunked(json("name", unique("n"), "provider", "openai", "secret", newSecret()));
        assertThat(fits.statusCode()).as(fits.body()).isEqualTo(201);
    }

    @Test
    void aBodyJustUnderTheLimitIsParsedAndValidated() {
        // 60 KiB of name passes the size check and is then refused by validation, naming the field
        Reply reply = refused(() -> post("/api/credentials",
                json("name", "n".repeat(60 * 1024), "provider", "openai", "secret", newSecret())), 400);
        assertThat(detail(reply)).contains("name");
    }

    private HttpResponse<String> chunked(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/credentials"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Reply refused(Supplier<Reply> request, int status) {
        long before = eventRowCount();
        Reply reply = request.get();
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        JsonNode problem = reply.json();
        assertThat(problem.path("type").asString("")).startsWith(TYPE_BASE);
        assertThat(problem.path("detail").asString("")).isNotBlank();
        assertThat(reply.body()).as("no framework internals")
                .doesNotContain("tools.jackson").doesNotContain("java.").doesNotContain("Exception")
                .doesNotContain("springframework").doesNotContain("\tat ");
        assertThat(eventRowCount()).as("events recorded by a refused request").isEqualTo(before);
        return reply;
    }

    private static String detail(Reply reply) {
        return reply.json().get("detail").asString();
    }
}
