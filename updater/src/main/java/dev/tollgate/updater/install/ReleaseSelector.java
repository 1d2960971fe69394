package dev.tollgate.updater.install;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tollgate.release.InvalidReleaseFactsException;
import dev.tollgate.release.ReleaseFacts;
import dev.tollgate.release.ReleaseVersion;
import dev.tollgate.release.TargetPath;
import dev.tollgate.rollout.Eligibility;
import dev.tollgate.io.Printable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks, among one tracked bundle's trusted targets, the newest release this device may install
 * now: eligible under its rollout, not revoked, not marked bad here, and at or above the security
 * floor. Pure: the caller brings the targets, the device id, the time and the remembered state.
 * A target whose path is outside {@link TargetPath} or whose release facts do not parse is never a
 * candidate; it is listed among the problems.
 */
public final class ReleaseSelector {
  /** How an eligible release passed over for a newer one is marked. */
  static final String OLDER = "older than ";

  private ReleaseSelector() {}

  /** One release and what was decided about it. */
  public record Candidate(ArtifactTarget target, ReleaseFacts facts, Optional<Eligibility> eligibility,
      Optional<String> skipped) {
    public boolean chosen() {
      return skipped.isEmpty();
    }
  }

  /** The outcome: the pick (if any), every release considered, newest first, and targets ignored. */
  public record Selection(Optional<Candidate> pick, List<Candidate> considered, List<String> problems) {
    /** Releases passed over only because the pick is newer, newest first: what a fresh endpoint falls back to. */
    public List<Candidate> olderEligible() {
      return considered.stream().filter(c -> c.skipped().map(s -> s.startsWith(OLDER)).orElse(false)).toList();
    }

    public List<String> revokedVersions() {
      return considered.stream().filter(c -> c.facts().revoked()).map(c -> c.facts().version()).toList();
    }
  }

  public static Selection select(TrackedBundle bundle, List<ArtifactTarget> targets, String deviceId,
      Instant now, long floor, Map<String, String> badVersions) {
    List<Candidate> releases = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (ArtifactTarget t : targets) {
      JsonNode custom = t.custom();
      if (custom == null || !custom.has("tollgate")) {
        continue; // a Sigstore bundle, SBOM or other companion file, not a release
      }
      ReleaseFacts facts;
      try {
        TargetPath.validate("artifact target path", t.path());
        facts = ReleaseFacts.fromCustom(custom);
      } catch (InvalidReleaseFactsException e) {
        problems.add(Printable.of(t.path()) + ": " + e.getMessage());
        continue;
      }
      if (facts.kind() != bundle.kind() || !facts.name().equals(bundle.name())) {
        problems.add(t.path() + ": release facts name " + facts.kind().label() + " " + facts.name()
            + ", not " + bundle.label());
        continue;
      }
      releases.add(new Candidate(t, facts, Optional.empty(), Optional.empty()));
    }
    releases.sort(Comparator.comparing((Candidate c) -> c.facts().version(), ReleaseVersion.ORDER).reversed());
    List<Candidate> considered = new ArrayList<>();
    Candidate pick = null;
    for (Candidate c : releases) {
      ReleaseFacts f = c.facts();
      Optional<Eligibility> el = f.rollout().map(r -> r.decide(deviceId, now));
      String skip = null;
      if (f.revoked()) {
        skip = "revoked";
      } else if (f.securityVersion() < floor) {
        skip = "security_version " + f.securityVersion() + " is below the floor " + floor;
      } else if (badVersions.containsKey(f.version())) {
        String why = badVersions.get(f.version());
        skip = "marked bad here" + (why.isEmpty() ? "" : " (" + why + ")");
      } else if (c.target().sha256().isEmpty()) {
        skip = "target lists no sha256 hash";
      } else if (el.isPresent() && !el.get().eligible()) {
        skip = "not eligible: " + el.get().reason();
      } else if (pick != null) {
        skip = OLDER + pick.facts().version();
      }
      Candidate decided = new Candidate(c.target(), f, el, Optional.ofNullable(skip));
      considered.add(decided);
      if (skip == null) {
        pick = decided;
      }
    }
    return new Selection(Optional.ofNullable(pick), List.copyOf(considered), List.copyOf(problems));
  }
}
