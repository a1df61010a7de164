package io.credreg.bench;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Ids;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The shared key of issue 10's benchmarks: one credential bound to {@code openai.default} of many instances, each
 * instance with an INSTANCE token of its own. Request {@code n} of a client loop goes to instance {@code n} modulo
 * their number, with that instance's token.
 */
record SharedKey(String credentialId, List<String> instances, List<String> tokens) {

    /** Creates the credential through {@code api} and binds instance {@code i} through {@code binderOf(i)}. */
    static SharedKey bind(int count, Api api, IntFunction<Api> binderOf) {
        String credential = api.command("POST", "/api/credentials").as("alice")
                .json("name", Ids.name("bench shared"), "provider", "openai", "secret", Ids.secret()).send()
                .expect(201).text("id");
        List<String> instances = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String instance = Ids.instance("bench" + i);
            binderOf.apply(i).command("PUT", "/api/instances/" + instance + "/settings/openai.default").as("alice")
                    .json("credentialId", credential).send().expect(200);
            instances.add(instance);
            tokens.add(api.issueToken("bench-bot-" + i + "-" + Ids.random(4), "INSTANCE", instance));
        }
        return new SharedKey(credential, List.copyOf(instances), List.copyOf(tokens));
    }

    String resolutionPath(int n) {
        return "/api/instances/" + instances.get(n % instances.size()) + "/settings/openai.default/secret";
    }

    String settingsPath(int n) {
        return "/api/instances/" + instances.get(n % instances.size()) + "/settings";
    }

    String token(int n) {
        return tokens.get(n % tokens.size());
    }

    /** The credential's stream length, read through {@code connection}, which this closes. */
    long streamLength(Connection connection) throws SQLException {
        try (Connection c = connection;
             PreparedStatement s = c.prepareStatement(
                     "select count(*) from domain_event_entry where aggregate_identifier = ?")) {
            s.setString(1, credentialId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
