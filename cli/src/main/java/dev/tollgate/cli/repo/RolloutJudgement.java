package dev.tollgate.cli.repo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.fleet.DevicePublicKey;
import dev.tollgate.fleet.RolloutHealth;
import dev.tollgate.fleet.Steering;
import dev.tollgate.fleet.collector.CollectorClient;
import dev.tollgate.fleet.collector.Enrollment;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.InvalidReleaseFactsException;
import dev.tollgate.repo.Releases;
import dev.tollgate.repo.RepositoryException;
import dev.tollgate.rollout.Rollout;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One look at a gated rollout: the release as the repository signed it, the reports a collector
 * serves for its rollout, re-verified here (signature, enrolled key when a list is given, this
 * release's digest, a stage of the signed rollout), the health they add up to, and what the
 * current stage's gate decides.
 */
record RolloutJudgement(Releases.Published release, Rollout rollout, int served, int malformed,
    Steering.Verified verified, RolloutHealth health, Steering.Decision decision) {

  static Rollout rolloutOf(Releases.Published p) {
    return p.facts().rollout().orElseThrow(() -> new InvalidReleaseFactsException(
        p.facts().name() + " " + p.facts().version() + " has no rollout; create one first"));
  }

  static RolloutJudgement of(Releases.Published release, URI collector, Path devices, Instant now)
      throws IOException, RepositoryException {
    Rollout rollout = rolloutOf(release);
    Optional<Map<String, DevicePublicKey>> enrolled = Optional.empty();
    if (devices != null) {
      enrolled = Optional.of(Enrollment.preshared(devices).presharedDevices());
    }
    // Stage by stage: only reports on a stage of the signed rollout can count, and no one answer
    // has to hold a whole large rollout.
    CollectorClient.Served served = new CollectorClient(collector).reports(rollout.id(),
        rollout.stages().stream().map(dev.tollgate.rollout.Stage::name).toList());
    BundleKind kind = release.facts().kind();
    Steering.Verified verified = Steering.verify(served.reports(), new Steering.Release(kind,
        release.facts().name(), release.facts().version(), release.sha256()), rollout, enrolled);
    java.util.Collection<String> population = enrolled.<java.util.Collection<String>>map(Map::keySet)
        .orElseGet(() -> verified.reports().stream().map(r -> r.deviceId()).distinct().toList());
    RolloutHealth health = RolloutHealth.compute(rollout.id(), Steering.limits(rollout), population,
        verified.reports());
    return new RolloutJudgement(release, rollout, served.reports().size() + served.malformed(), served.malformed(),
        verified, health, Steering.decide(rollout, health, now));
  }

  /** Set-aside reports per reason, malformed ones included. */
  Map<String, Integer> discarded() {
    Map<String, Integer> all = new java.util.TreeMap<>(verified.discarded());
    if (malformed > 0) {
      all.put("malformed", malformed);
    }
    return all;
  }

  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("decision", decision.action().name().toLowerCase(java.util.Locale.ROOT));
    o.put("stage", decision.stage().orElse(null));
    o.put("reason", decision.reason());
    ObjectNode reports = o.putObject("reports");
    reports.put("served", served);
    reports.put("counted", verified.reports().size());
    ObjectNode d = reports.putObject("discarded");
    discarded().forEach(d::put);
    o.set("health", health.toJson());
    return o;
  }

  /** One line per stage of the health, for people. */
  String healthText() {
    StringBuilder b = new StringBuilder();
    for (RolloutHealth.StageHealth s : health.stages()) {
      b.append(String.format("  %-10s eligible %d, reporting %d: healthy %d, failed %d, rolled back %d,"
          + " refused %d%n", s.stage(), s.eligible(), s.reporting(), s.healthy(), s.failed(), s.rolledBack(),
          s.refused()));
    }
    b.append("  reports: ").append(served).append(" served, ").append(verified.reports().size()).append(" counted")
        .append(discarded().isEmpty() ? "" : ", set aside " + discarded()).append(System.lineSeparator());
    return b.toString();
  }
}
