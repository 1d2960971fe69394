package dev.tollgate.repo;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.repo.store.RepositoryLock;
import dev.tollgate.tuf.Metadata;
import dev.tollgate.tuf.Root;
import dev.tollgate.tuf.SignatureThresholdException;
import dev.tollgate.tuf.Signed;
import dev.tollgate.tuf.Targets;
import dev.tollgate.tuf.Timestamp;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tollgate repo refresh}: re-signs metadata that is close to expiry, for cron. A role is
 * due when less than {@code renewFraction} of its period is left. The timestamp (and snapshot,
 * and any targets role whose keys are given) is renewed; a run with nothing due changes nothing,
 * so running it every few minutes is harmless. Never stages a change: what the given keys
 * cannot sign is reported, not left waiting.
 */
public final class Refresh {
  private final Repository repository;
  private final double renewFraction;

  public Refresh(Repository repository) {
    this(repository, 0.5);
  }

  public Refresh(Repository repository, double renewFraction) {
    if (!(renewFraction > 0 && renewFraction <= 1)) {
      throw new IllegalArgumentException("renew fraction must be in (0, 1]");
    }
    this.repository = repository;
    this.renewFraction = renewFraction;
  }

  private boolean due(Signed s, String role, Instant now) {
    Duration period = repository.expiry().forRole(role);
    Duration left = Duration.between(now, s.expires());
    return left.toMillis() < (long) (period.toMillis() * renewFraction);
  }

  /** Renews what is due; {@code force} renews the timestamp even when it is not. */
  public Outcome refresh(KeyRing ring, boolean force) throws IOException, RepositoryException {
    Instant now = repository.now();
    record Plan(List<String> targetsRoles, boolean snapshot, boolean timestamp, List<String> warnings) {}
    Plan plan = repository.read(state -> {
      List<String> roles = new ArrayList<>();
      List<String> warnings = new ArrayList<>();
      Root root = state.root().signed();
      if (due(root, "root", now)) {
        warnings.add("root v" + root.version() + " expires " + root.expires()
            + "; renew it with 'tollgate repo rotate-key --role root'");
      }
      for (String role : state.targetsRoleNames()) {
        Metadata<Targets> md = state.targets(role).orElseThrow();
        if (due(md.signed(), "targets", now)) {
          roles.add(role);
        }
      }
      return new Plan(roles, due(state.snapshot().signed(), "snapshot", now) || !roles.isEmpty(),
          force || due(state.timestamp().signed(), "timestamp", now), warnings);
    });
    List<String> warnings = new ArrayList<>(plan.warnings());
    if (plan.snapshot()) {
      try {
        Outcome full = repository.changeWithoutStaging(ring, draft -> {
          for (String role : plan.targetsRoles()) {
            draft.put(role, draft.targets(role));
          }
          return "refreshed " + (plan.targetsRoles().isEmpty() ? "" : String.join(", ", plan.targetsRoles()) + ", ")
              + "snapshot and timestamp";
        });
        return withWarnings(full, warnings);
      } catch (RepositoryException notSignable) {
        warnings.add(notSignable.getMessage());
      }
    }
    if (plan.timestamp()) {
      return withWarnings(refreshTimestamp(ring), warnings);
    }
    return withWarnings(Outcome.unchanged("nothing is due"), warnings);
  }

  /** Only the timestamp: what an online timestamp key may do (e.g. inside {@code repo serve}). */
  public Outcome refreshTimestamp(KeyRing ring) throws IOException, RepositoryException {
    Repository r = repository;
    try (RepositoryLock lock = RepositoryLock.acquire(r.layout().stateDir(), Duration.ofMinutes(2))) {
      RepositoryState state = RepositoryState.load(r.layout());
      Instant now = r.now();
      Timestamp old = state.timestamp().signed();
      Metadata<Timestamp> next = Metadata.of(new Timestamp(old.version() + 1, now.plus(r.expiry().timestamp()),
          old.snapshotMeta()));
      Root root = state.root().signed();
      for (String keyId : root.role("timestamp").keyIds()) {
        ring.signerFor(keyId).ifPresent(next::sign);
      }
      try {
        root.verifyDelegate("timestamp", next);
      } catch (SignatureThresholdException e) {
        throw new RepositoryException("cannot refresh the timestamp: " + e.getMessage()
            + " (give the timestamp key with --key)", e);
      }
      AtomicFiles.write(r.layout().timestampFile(), next.toBytes());
      return new Outcome(Outcome.State.PUBLISHED, "refreshed timestamp", Map.of("timestamp", next.signed().version()),
          List.of());
    }
  }

  /** The background task of {@code repo serve}: renew the timestamp when due, else nothing. */
  public String refreshTimestampIfDue(KeyRing timestampKey) throws IOException, RepositoryException {
    Instant now = repository.now();
    boolean due = repository.read(state -> due(state.timestamp().signed(), "timestamp", now));
    return due ? refreshTimestamp(timestampKey).summary() + " v" + refreshedVersion() : "nothing due";
  }

  private long refreshedVersion() throws IOException, RepositoryException {
    return repository.read(state -> state.timestamp().signed().version());
  }

  private static Outcome withWarnings(Outcome o, List<String> warnings) {
    if (warnings.isEmpty()) {
      return o;
    }
    return new Outcome(o.state(), o.summary() + "; warning: " + String.join("; warning: ", warnings), o.versions(),
        o.missingSignatures(), o.signingKeyIds());
  }
}
