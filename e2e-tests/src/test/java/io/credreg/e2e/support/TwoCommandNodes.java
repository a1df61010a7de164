package io.credreg.e2e.support;

import io.credreg.e2e.support.Cluster.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

import java.util.List;
import java.util.Map;

/**
 * Two command nodes over a fresh PostgreSQL schema, and a query node when a test reads: the shape in which a rule is
 * shown to hold across nodes. {@link #apiA} sends its commands to node A, {@link #apiB} to node B. Skipped where no
 * PostgreSQL is configured, like every PostgreSQL test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TwoCommandNodes {

    protected Cluster cluster;
    protected Node nodeA;
    protected Node nodeB;
    protected Api apiA;
    protected Api apiB;
    private TestAbortedException skipped;

    /** Added to each command node's environment. */
    protected Map<String, String> commandEnv() {
        return Map.of();
    }

    /** Whether one query node runs too; without it, the two apis' reads go to their own command node. */
    protected boolean withQueryNode() {
        return false;
    }

    @BeforeAll
    final void startTwoCommandNodes() {
        Environments.stopCurrent();
        try {
            cluster = Cluster.onFreshPostgres();
        } catch (TestAbortedException e) {
            skipped = e;
            return;
        }
        List<Node> nodes = cluster.start(2, withQueryNode() ? 1 : 0, commandEnv(), Map.of());
        nodeA = nodes.get(0);
        nodeB = nodes.get(1);
        apiA = cluster.api(nodeA, withQueryNode() ? nodes.get(2) : nodeA);
        apiB = cluster.api(nodeB, withQueryNode() ? nodes.get(2) : nodeB);
    }

    @BeforeEach
    final void skipWhenNoPostgres() {
        if (skipped != null) {
            throw new TestAbortedException(skipped.getMessage());
        }
    }

    @AfterAll
    final void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
