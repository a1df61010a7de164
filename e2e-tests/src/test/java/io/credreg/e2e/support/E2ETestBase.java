package io.credreg.e2e.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.TestAbortedException;

/**
 * Base of every end-to-end scenario class. A concrete subclass names the database; the scenario classes are shared
 * by the H2 and the PostgreSQL runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(Environments.class)
public abstract class E2ETestBase {

    public static final String OPENAI = "openai";
    public static final String DIFY = "dify";

    protected RegistryEnvironment env;
    protected Api api;

    /** The database this class runs the registry on. */
    protected abstract Database database();

    private TestAbortedException skipped;

    @BeforeAll
    protected void startRegistry() {
        try {
            env = Environments.acquire(database());
        } catch (TestAbortedException e) {
            // Reported per test (as skipped) rather than as an empty class.
            skipped = e;
            return;
        }
        api = env.api();
        onRegistryStarted();
    }

    /** Called once per class when the registry runs; set up shared fixtures here. */
    protected void onRegistryStarted() {
    }

    @BeforeEach
    protected void skipWhenUnavailable() {
        if (skipped != null) {
            throw new TestAbortedException(skipped.getMessage());
        }
    }

    @AfterEach
    protected void appsStillRunning() {
        if (env != null && Environments.current() == env) {
            env.checkAlive();
        }
    }

    /** Creates an active credential as {@code alice} and returns its id. */
    protected String createCredential(String provider, String name, String secret) {
        Api.Response r = api.command("POST", "/api/credentials").as("alice")
                .json("name", name, "provider", provider, "secret", secret).send().expect(201);
        String id = r.text("id");
        if (id == null || id.isBlank()) {
            throw new AssertionError("no id in " + r);
        }
        return id;
    }

    protected String createCredential(String provider) {
        return createCredential(provider, Ids.name(provider + " key"), Ids.secret());
    }

    /** Binds a setting of an instance to a credential as {@code alice}; expects 200. */
    protected Api.Response bind(String instanceId, String settingKey, String credentialId) {
        return api.command("PUT", "/api/instances/" + instanceId + "/settings/" + settingKey).as("alice")
                .json("credentialId", credentialId).send().expect(200);
    }
}
