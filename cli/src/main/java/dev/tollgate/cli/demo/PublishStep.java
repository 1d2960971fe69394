package dev.tollgate.cli.demo;

import dev.tollgate.rollout.Rollout;
import dev.tollgate.rollout.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Publishes releases through the real {@code tollgate repo publish}: the Sigstore bundle is
 * verified against the test instance's trusted root and the SBOM against the artifact before
 * anything is written, and only the kind's delegated key (plus snapshot and timestamp) signs.
 */
final class PublishStep {
  private final Workspace w;
  private final Narrator n;

  PublishStep(Workspace w, Narrator n) {
    this.w = w;
    this.n = n;
  }

  static boolean available() {
    return Cli.has("repo publish");
  }

  void publish(BuildStep.Release r, Optional<Rollout> rollout) throws IOException, DemoException {
    DemoBundle b = r.bundle();
    List<String> args = new ArrayList<>(List.of("repo", "publish", "--repo", w.repository().toString(),
        "--kind", b.kind().label(), "--name", b.name(), "--version", b.version(),
        "--artifact", b.artifact().toString(), "--sbom", r.sbom().toString(),
        "--security-version", Long.toString(b.securityVersion()),
        "--provenance-log", w.repositoryLog().toString(), "--log-key", w.repositoryLogKey().toString()));
    if (r.sigstoreBundle().isPresent()) {
      args.addAll(List.of("--bundle", r.sigstoreBundle().get().toString(),
          "--issuer", b.signer().issuer(), "--identity", b.signer().identity(),
          "--trusted-root", w.trust().resolve(BuildStep.TRUSTED_ROOT).toString()));
    }
    if (rollout.isPresent()) {
      Path file = r.sbom().resolveSibling("rollout.json");
      Files.writeString(file, rollout.get().toJson().toPrettyString());
      args.addAll(List.of("--rollout", file.toString()));
    }
    args.addAll(signingKeys(w, b.kind()));
    Cli.require(args.toArray(String[]::new));
    n.say("published " + b.label() + " (artifact, " + (r.sigstoreBundle().isPresent() ? "Sigstore bundle, " : "")
        + "SBOM), signed by role '" + b.kind().folder() + "'" + rollout.map(PublishStep::describe).orElse(
            "; no rollout: every endpoint may install it"));
  }

  /** The {@code --key} options a change to {@code kind}'s releases is signed with: its role, snapshot, timestamp. */
  static List<String> signingKeys(Workspace w, dev.tollgate.release.BundleKind kind) {
    List<String> args = new ArrayList<>();
    for (String key : List.of(RepositoryStep.keyOf(kind), "snapshot", "timestamp")) {
      args.addAll(List.of("--key", w.keys().resolve(TestKeys.fileName(key) + ".pem").toString()));
    }
    return args;
  }

  private static String describe(Rollout r) {
    StringBuilder s = new StringBuilder("; rollout ").append(r.id()).append(':');
    for (Stage st : r.stages()) {
      s.append(' ').append(st.name()).append(' ').append(st.percentLabel()).append(" from ").append(st.start());
      s.append(',');
    }
    return s.substring(0, s.length() - 1);
  }
}
