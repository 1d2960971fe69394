package dev.tollgate.provenance.witness;

import dev.tollgate.provenance.merkle.MerkleHash;
import dev.tollgate.provenance.merkle.ProofCheck;
import dev.tollgate.provenance.merkle.ProofException;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.Cosignatures;
import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.SignedNote;
import dev.tollgate.provenance.note.VerifierKey;
import dev.tollgate.provenance.note.WitnessKey;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A C2SP tlog-witness: decides {@code add-checkpoint} requests against the one checkpoint it keeps
 * per log. In spec order: a malformed body is 400, an unknown origin 404, a checkpoint without a
 * valid signature by the log's key 403, an old size above the checkpoint's 400, an old size other
 * than the stored one 409 (with the stored size), an empty tree with another root or a proof that
 * does not rebuild the stored root and the new root 422. Otherwise it cosigns (tlog-cosignature/v1,
 * Ed25519, with the time) and stores the checkpoint durably before the cosignature is returned.
 *
 * <p>Requests for one log run one at a time (a lock per origin), so the check against the stored
 * size and the write of the new checkpoint are one step: two requests can never both be cosigned
 * for different roots at one size, nor can one roll the other back.
 */
public final class Witness {
  /** Told after a checkpoint is durably stored and before its cosignature is returned. */
  @FunctionalInterface
  public interface StoredListener {
    void stored(Checkpoint checkpoint);
  }

  private final WitnessKey key;
  private final Map<String, LogSlot> logs = new LinkedHashMap<>();
  private final WitnessState state;
  private final Clock clock;
  private final StoredListener listener;

  /** One witnessed log: its key, its lock and the latest checkpoint once read from the state. */
  private static final class LogSlot {
    final VerifierKey key;
    final ReentrantLock lock = new ReentrantLock();
    Checkpoint latest;
    boolean loaded;

    LogSlot(VerifierKey key) {
      this.key = key;
    }
  }

  public Witness(WitnessKey key, Collection<VerifierKey> logKeys, WitnessState state, Clock clock,
      StoredListener listener) {
    for (VerifierKey k : logKeys) {
      if (logs.putIfAbsent(k.name(), new LogSlot(k)) != null) {
        throw new IllegalArgumentException("two keys for log origin " + k.name() + "; a witness takes one per log");
      }
    }
    this.key = key;
    this.state = state;
    this.clock = clock;
    this.listener = listener;
  }

  public WitnessKey key() {
    return key;
  }

  /** The origins this witness cosigns for. */
  public List<String> origins() {
    return List.copyOf(logs.keySet());
  }

  /** Decides one {@code add-checkpoint} request body. */
  public WitnessOutcome addCheckpoint(byte[] body) {
    AddCheckpointRequest request;
    String origin;
    try {
      request = AddCheckpointRequest.parse(body);
      origin = Checkpoint.originOf(request.checkpoint());
    } catch (FormatException e) {
      return WitnessOutcome.refused(400, "malformed request: " + e.getMessage());
    }
    LogSlot log = logs.get(origin);
    if (log == null) {
      return WitnessOutcome.refused(404, "unknown log: this witness does not cosign for origin '" + origin + "'");
    }
    try {
      SignedNote.open(request.checkpoint(), log.key);
    } catch (FormatException e) {
      return WitnessOutcome.refused(403, "checkpoint of " + origin + " is not signed by the log's key "
          + log.key + ": " + e.getMessage());
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.open(request.checkpoint(), log.key);
    } catch (FormatException e) {
      return WitnessOutcome.refused(400, "malformed checkpoint of " + origin + ": " + e.getMessage());
    }
    if (request.oldSize() > checkpoint.size()) {
      return WitnessOutcome.refused(400, "old size " + request.oldSize() + " is larger than the checkpoint's size "
          + checkpoint.size());
    }
    if (checkpoint.size() == 0 && !MessageDigest.isEqual(checkpoint.root(), MerkleHash.emptyRoot())) {
      return WitnessOutcome.refused(422, "checkpoint of size 0 does not carry the empty tree's root");
    }
    log.lock.lock();
    try {
      return cosignIfConsistent(log, request, checkpoint);
    } catch (IOException | FormatException e) {
      // Nothing was cosigned: the stored state is the last one written whole, or unreadable (fail closed).
      return WitnessOutcome.refused(500, "witness state for " + origin + " unavailable, nothing cosigned: "
          + e.getMessage());
    } finally {
      log.lock.unlock();
    }
  }

  /** The stored cosigned checkpoint for the origin whose SHA-256 hex is {@code originHash}. */
  public Optional<byte[]> latest(String originHash) throws IOException, FormatException {
    for (LogSlot log : logs.values()) {
      if (WitnessState.originHash(log.key.name()).equals(originHash)) {
        log.lock.lock();
        try {
          return latest(log) == null ? Optional.empty() : state.read(log.key.name());
        } finally {
          log.lock.unlock();
        }
      }
    }
    return Optional.empty();
  }

  private WitnessOutcome cosignIfConsistent(LogSlot log, AddCheckpointRequest request, Checkpoint checkpoint)
      throws IOException, FormatException {
    Checkpoint stored = latest(log);
    long storedSize = stored == null ? 0 : stored.size();
    if (request.oldSize() != storedSize) {
      return WitnessOutcome.conflict(storedSize);
    }
    byte[] storedRoot = stored == null ? MerkleHash.emptyRoot() : stored.root();
    try {
      ProofCheck.consistency(storedSize, storedRoot, checkpoint.size(), checkpoint.root(), request.proof());
    } catch (ProofException e) {
      return WitnessOutcome.refused(422, "checkpoint of " + checkpoint.origin() + " at size " + checkpoint.size()
          + " is not consistent with the size " + storedSize + " this witness cosigned: " + e.getMessage());
    }
    String line = key.cosign(checkpoint, clock.instant().getEpochSecond());
    byte[] cosigned = Cosignatures.append(checkpoint.signedOnlyBy(log.key), line);
    state.write(log.key.name(), cosigned);
    log.latest = Checkpoint.open(cosigned, log.key);
    listener.stored(log.latest);
    return WitnessOutcome.cosigned(line);
  }

  /** The latest cosigned checkpoint of a log, read once from the state; null when there is none. */
  private Checkpoint latest(LogSlot log) throws IOException, FormatException {
    if (!log.loaded) {
      Optional<byte[]> bytes = state.read(log.key.name());
      if (bytes.isPresent()) {
        log.latest = openStored(log, bytes.get());
      }
      log.loaded = true;
    }
    return log.latest;
  }

  private Checkpoint openStored(LogSlot log, byte[] bytes) throws FormatException {
    String file = state.fileFor(log.key.name()).toString();
    Checkpoint c;
    try {
      c = Checkpoint.open(bytes, log.key);
    } catch (FormatException e) {
      throw new FormatException("stored checkpoint " + file + " does not verify with the log's key: "
          + e.getMessage(), e);
    }
    if (Cosignatures.verify(bytes, List.of(key.verifier())).isEmpty()) {
      throw new FormatException("stored checkpoint " + file + " carries no cosignature by this witness");
    }
    return c;
  }
}
