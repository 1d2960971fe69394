package dev.tollgate.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * How long each kind of metadata stays valid after it is signed. Defaults: root one year,
 * targets (and every delegated role) three months, snapshot one week, timestamp one day.
 */
public record ExpiryPolicy(Duration root, Duration targets, Duration snapshot, Duration timestamp) {
  public static final ExpiryPolicy DEFAULTS =
      new ExpiryPolicy(Duration.ofDays(365), Duration.ofDays(91), Duration.ofDays(7), Duration.ofDays(1));

  public ExpiryPolicy {
    for (Duration d : new Duration[] {root, targets, snapshot, timestamp}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("every expiry period must be positive");
      }
    }
  }

  /** The period of a role: root, timestamp, snapshot, or targets for every targets role. */
  public Duration forRole(String role) {
    return switch (role) {
      case "root" -> root;
      case "timestamp" -> timestamp;
      case "snapshot" -> snapshot;
      default -> targets;
    };
  }

  public ExpiryPolicy with(String role, Duration period) {
    return switch (role) {
      case "root" -> new ExpiryPolicy(period, targets, snapshot, timestamp);
      case "targets" -> new ExpiryPolicy(root, period, snapshot, timestamp);
      case "snapshot" -> new ExpiryPolicy(root, targets, period, timestamp);
      case "timestamp" -> new ExpiryPolicy(root, targets, snapshot, period);
      default -> throw new IllegalArgumentException("unknown role for expiry: " + role);
    };
  }

  ObjectNode toJson() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("root", root.toString());
    n.put("targets", targets.toString());
    n.put("snapshot", snapshot.toString());
    n.put("timestamp", timestamp.toString());
    return n;
  }

  static ExpiryPolicy fromJson(JsonNode n) throws RepositoryException {
    try {
      return new ExpiryPolicy(Duration.parse(n.path("root").asText()), Duration.parse(n.path("targets").asText()),
          Duration.parse(n.path("snapshot").asText()), Duration.parse(n.path("timestamp").asText()));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new RepositoryException("repository configuration: bad expiry periods (" + e.getMessage() + ")", e);
    }
  }
}
