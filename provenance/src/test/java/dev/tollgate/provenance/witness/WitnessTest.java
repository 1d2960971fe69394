package dev.tollgate.provenance.witness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.merkle.MerkleHash;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.Cosignatures;
import dev.tollgate.provenance.note.WitnessKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The witness's decisions on real logs, real keys and a real state folder. */
class WitnessTest {
  static final Instant NOW = ForkedLogs.T0;
  @TempDir Path tmp;
  private final LogKey logKey = LogKey.generate("acme.example/endpoint/host-17");
  private final WitnessKey witnessKey = newWitnessKey("witness.example/w1");

  static WitnessKey newWitnessKey(String name) {
    try {
      return WitnessKey.generate(name, new SecureRandom());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private Path log(String branch, int forkAt, int... cuts) throws Exception {
    return ForkedLogs.build(tmp.resolve(branch), logKey, branch, forkAt, cuts);
  }

  private void extend(Path log, String branch, int forkAt, int from, int to) throws Exception {
    ForkedLogs.extend(log, logKey, branch, forkAt, from, to);
  }

  private Witness witness(Path state, Witness.StoredListener listener) throws Exception {
    return new Witness(witnessKey, List.of(logKey.verifierKey()), new WitnessState(state),
        Clock.fixed(NOW, ZoneOffset.UTC), listener);
  }

  private Witness witness() throws Exception {
    return witness(tmp.resolve("state"), c -> { });
  }

  private byte[] request(Path log, long oldSize) throws Exception {
    return ForkedLogs.request(log, logKey, oldSize);
  }

  private static String body(WitnessOutcome o) {
    return new String(o.body(), StandardCharsets.UTF_8);
  }

  @Test
  void anHonestLogIsCosignedFromEmptyAndThenFromTheSizeItLastCosigned() throws Exception {
    Path a = log("a", 0, 5);
    Witness w = witness();
    WitnessOutcome first = w.addCheckpoint(request(a, 0));
    assertEquals(200, first.status(), first.toString());
    byte[] checkpoint = LogReader.open(a, logKey.verifierKey()).latestCheckpoint().signedNote();
    List<Cosignatures.Cosignature> cosigs = Cosignatures.verify(
        Cosignatures.append(checkpoint, body(first)), List.of(witnessKey.verifier()));
    assertEquals(1, cosigs.size());
    assertEquals(NOW.getEpochSecond(), cosigs.get(0).timestamp());

    byte[] atFive = request(a, 0);
    extend(a, "a", 0, 5, 8);
    assertEquals(200, w.addCheckpoint(request(a, 5)).status());
    byte[] rollback = new AddCheckpointRequest(8, List.of(), AddCheckpointRequest.parse(atFive).checkpoint()).encode();
    assertRefused(w, rollback, 400, "old size 8 is larger than the checkpoint's size 5");
    assertEquals(409, w.addCheckpoint(atFive).status(), "the older checkpoint from 0 is a conflict, not a rollback");
    WitnessOutcome stale = w.addCheckpoint(request(a, 0));
    assertEquals(409, stale.status());
    assertEquals(WitnessOutcome.SIZE_CONTENT_TYPE, stale.contentType());
    assertEquals("8\n", body(stale));
  }

  @Test
  void aForkedBranchIsRefusedWithTheWitnessSizeOrAsInconsistent() throws Exception {
    Path a = log("a", 2, 2, 5);
    Path b = log("b", 2, 2, 6);
    Path sameSize = log("c", 2, 2, 5);
    Witness w = witness();
    assertEquals(200, w.addCheckpoint(request(a, 0)).status());

    WitnessOutcome unaware = w.addCheckpoint(request(b, 0));
    assertEquals(409, unaware.status());
    assertEquals("5\n", body(unaware));
    WitnessOutcome longer = w.addCheckpoint(request(b, 5));
    assertEquals(422, longer.status(), longer.toString());
    assertTrue(body(longer).contains("not consistent with the size 5"), body(longer));
    WitnessOutcome twin = w.addCheckpoint(request(sameSize, 5));
    assertEquals(422, twin.status());
    assertTrue(body(twin).contains("two different roots"), body(twin));
    assertStored(a);
  }

  @Test
  void aNewWitnessOnTheSameStateFolderKeepsItsCheckpoint() throws Exception {
    Path a = log("a", 2, 2, 5);
    Path b = log("b", 2, 2, 5);
    assertEquals(200, witness().addCheckpoint(request(a, 0)).status());
    Witness restarted = witness();
    assertEquals("5\n", body(restarted.addCheckpoint(request(b, 0))));
    assertEquals(422, restarted.addCheckpoint(request(b, 5)).status());
    extend(a, "a", 2, 5, 7);
    assertEquals(200, restarted.addCheckpoint(request(a, 5)).status());
  }

  @Test
  void concurrentRequestsForTwoRootsAtOneSizeCosignExactlyOne() throws Exception {
    byte[] a = request(log("a", 1, 1, 6), 0);
    byte[] b = request(log("b", 1, 1, 6), 0);
    Witness w = witness();
    int clients = 16;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<WitnessOutcome>> results = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        byte[] body = i % 2 == 0 ? a : b;
        Callable<WitnessOutcome> call = () -> {
          start.await();
          return w.addCheckpoint(body);
        };
        results.add(pool.submit(call));
      }
      start.countDown();
      int cosigned = 0;
      for (Future<WitnessOutcome> f : results) {
        WitnessOutcome o = f.get();
        if (o.cosigned()) {
          cosigned++;
        } else {
          assertEquals(409, o.status(), o.toString());
          assertEquals("6\n", body(o));
        }
      }
      assertEquals(1, cosigned, "exactly one request may be cosigned");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theCheckpointIsOnDiskBeforeTheCosignatureIsReturned() throws Exception {
    Path a = log("a", 0, 4);
    Path state = tmp.resolve("state");
    List<Long> seenOnDisk = Collections.synchronizedList(new ArrayList<>());
    Witness w = witness(state, c -> {
      try {
        byte[] stored = Files.readAllBytes(new WitnessState(state).fileFor(c.origin()));
        seenOnDisk.add(Checkpoint.open(stored, logKey.verifierKey()).size());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    assertEquals(200, w.addCheckpoint(request(a, 0)).status());
    assertEquals(List.of(4L), seenOnDisk);
  }

  @Test
  void eachRefusalHasTheSpecsStatusAndSaysWhy() throws Exception {
    Path a = log("a", 0, 3);
    Witness w = witness();
    byte[] good = request(a, 0);
    String goodText = new String(good, StandardCharsets.UTF_8);

    LogKey stranger = LogKey.generate("other.example/log");
    Path other = ForkedLogs.build(tmp.resolve("other"), stranger, "x", 0, 2);
    assertRefused(w, ForkedLogs.request(other, stranger, 0), 404, "unknown log");

    LogKey impostor = LogKey.generate(logKey.name());
    Path forged = ForkedLogs.build(tmp.resolve("forged"), impostor, "x", 0, 3);
    assertRefused(w, ForkedLogs.request(forged, impostor, 0), 403, "not signed by the log's key");

    byte[] flipped = good.clone();
    int at = flipped.length - 20;
    flipped[at] = (byte) (flipped[at] == 'A' ? 'B' : 'A');
    assertRefused(w, flipped, 403, "does not verify");

    assertRefused(w, goodText.replace("old 0\n", "").getBytes(StandardCharsets.UTF_8), 400, "old N");
    assertRefused(w, goodText.replace("old 0\n", "old 00\n").getBytes(StandardCharsets.UTF_8), 400, "old N");
    assertRefused(w, goodText.replace("old 0\n", "old 4\n").getBytes(StandardCharsets.UTF_8), 400, "larger");
    assertRefused(w, "old 0\n".getBytes(StandardCharsets.UTF_8), 400, "empty line");
    assertRefused(w, "old 0\n\n".getBytes(StandardCharsets.UTF_8), 400, "no checkpoint");
    assertRefused(w, goodText.replace("old 0\n", "old 0\nnot-base64!\n").getBytes(StandardCharsets.UTF_8), 400,
        "line 0");
    String hash = java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\n";
    assertRefused(w, goodText.replace("old 0\n", "old 0\n" + hash.repeat(64)).getBytes(StandardCharsets.UTF_8), 400,
        "more than 63");
    byte[] huge = new byte[AddCheckpointRequest.MAX_BYTES + 1];
    Arrays.fill(huge, (byte) 'a');
    assertRefused(w, huge, 400, "larger than");

    assertRefused(w, goodText.replace("old 0\n", "old 0\n" + hash).getBytes(StandardCharsets.UTF_8), 422,
        "proof from the empty tree must be empty");
    byte[] emptyWithRoot = Checkpoint.sign(logKey.signer(), 0, MerkleHash.leaf(new byte[1])).signedNote();
    assertRefused(w, new AddCheckpointRequest(0, List.of(), emptyWithRoot).encode(), 422, "empty tree");
    assertTrue(Files.notExists(new WitnessState(tmp.resolve("state")).fileFor(logKey.name())),
        "no refused request may change the state");
  }

  @Test
  void aStateFileItCannotReadStopsCosigningForThatLog() throws Exception {
    Path a = log("a", 0, 3);
    Path state = tmp.resolve("state");
    Files.createDirectories(state);
    Files.writeString(new WitnessState(state).fileFor(logKey.name()), "not a checkpoint\n");
    assertRefused(witness(), request(a, 0), 500, "nothing cosigned");
  }

  private static void assertRefused(Witness w, byte[] body, int status, String why) {
    WitnessOutcome o = w.addCheckpoint(body);
    assertEquals(status, o.status(), o.toString());
    assertTrue(body(o).contains(why), "expected '" + why + "' in: " + body(o));
  }

  private void assertStored(Path log) throws Exception {
    byte[] stored = Files.readAllBytes(new WitnessState(tmp.resolve("state")).fileFor(logKey.name()));
    Checkpoint c = Checkpoint.open(stored, logKey.verifierKey());
    try (LogReader reader = LogReader.open(log, logKey.verifierKey())) {
      assertArrayEquals(reader.latestCheckpoint().root(), c.root());
    }
    assertEquals(1, Cosignatures.verify(stored, List.of(witnessKey.verifier())).size());
  }
}
