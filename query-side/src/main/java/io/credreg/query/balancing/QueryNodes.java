package io.credreg.query.balancing;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The query nodes that are running, known through a heartbeat row each. The database's clock stamps and judges every
 * row, so a node whose clock is off counts like any other.
 */
class QueryNodes {

    private final JdbcTemplate jdbc;
    private final String nodeId;
    private final Duration liveFor;

    QueryNodes(JdbcTemplate jdbc, String nodeId, Duration liveFor) {
        this.jdbc = jdbc;
        this.nodeId = nodeId;
        this.liveFor = liveFor;
    }

    /** Says this node is alive, and counts the nodes seen within {@code liveFor} (this one included). */
    int heartbeat() {
        if (jdbc.update("update query_node set seen_at = current_timestamp where node_id = ?", nodeId) == 0) {
            jdbc.update("insert into query_node (node_id, seen_at) values (?, current_timestamp)", nodeId);
        }
        Instant now = jdbc.queryForObject("select current_timestamp", Timestamp.class).toInstant();
        Map<String, Instant> seen = new HashMap<>();
        jdbc.query("select node_id, seen_at from query_node",
                rs -> {
                    seen.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                });
        long live = seen.values().stream().filter(at -> at.plus(liveFor).isAfter(now)).count();
        // rows of nodes gone for long are forgotten, so the table stays as small as the cluster
        seen.forEach((node, at) -> {
            if (at.plus(liveFor.multipliedBy(10)).isBefore(now)) {
                jdbc.update("delete from query_node where node_id = ?", node);
            }
        });
        return (int) Math.max(1, live);
    }

    /** A node that stops says so, so the others take its share at once rather than after {@code liveFor}. */
    void leave() {
        jdbc.update("delete from query_node where node_id = ?", nodeId);
    }
}
