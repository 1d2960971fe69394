package dev.tollgate.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.Cosignatures;
import dev.tollgate.provenance.note.WitnessKey;
import dev.tollgate.provenance.witness.ForkedLogs;
import dev.tollgate.provenance.witness.Witness;
import dev.tollgate.provenance.witness.WitnessPolicy;
import dev.tollgate.provenance.witness.WitnessState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two witnesses over loopback HTTP with real state folders, real logs and real keys. */
class WitnessServerTest {
  @TempDir Path tmp;
  private final LogKey logKey = LogKey.generate("acme.example/endpoint/host-17");
  private final WitnessKey w1 = key("witness.example/w1");
  private final WitnessKey w2 = key("witness.example/w2");
  private final ByteArrayOutputStream serverLog = new ByteArrayOutputStream();
  private final List<WitnessServer> servers = new ArrayList<>();
  private final WitnessClient client = new WitnessClient(Duration.ofSeconds(30));

  static WitnessKey key(String name) {
    try {
      return WitnessKey.generate(name, new SecureRandom());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void stop() {
    servers.forEach(WitnessServer::close);
    assertFalse(serverLog.toString(StandardCharsets.UTF_8).contains("PRIVATE+KEY"), "the witness key is never logged");
  }

  private WitnessServer serve(WitnessKey key, String stateDir) throws Exception {
    Witness w = new Witness(key, List.of(logKey.verifierKey()), new WitnessState(tmp.resolve(stateDir)),
        Clock.systemUTC(), c -> { });
    WitnessServer s = WitnessServer.start("127.0.0.1", 0, w, new PrintStream(serverLog, true, StandardCharsets.UTF_8));
    servers.add(s);
    return s;
  }

  private WitnessPolicy policy(WitnessServer s1, WitnessServer s2) throws Exception {
    String text = "log " + logKey.verifierKey() + "\n"
        + "witness W1 " + w1.verifier() + " " + s1.submissionPrefix() + "\n"
        + "witness W2 " + w2.verifier() + " " + s2.submissionPrefix() + "\n"
        + "group both all W1 W2\nquorum both\n";
    return WitnessPolicy.parse(text.getBytes(StandardCharsets.UTF_8), "policy");
  }

  private CheckpointSubmitter.Result submit(Path log, WitnessPolicy policy) throws Exception {
    try (LogReader reader = LogReader.open(log, logKey.verifierKey())) {
      return new CheckpointSubmitter(client).submit(reader, policy, Optional.empty());
    }
  }

  private Path log(String branch, int forkAt, int... cuts) throws Exception {
    return ForkedLogs.build(tmp.resolve(branch), logKey, branch, forkAt, cuts);
  }

  @Test
  void anHonestLogIsCosignedByBothWitnessesAndMeetsATwoOfTwoPolicy() throws Exception {
    WitnessPolicy policy = policy(serve(w1, "s1"), serve(w2, "s2"));
    Path a = log("a", 0, 5);
    CheckpointSubmitter.Result r = submit(a, policy);
    assertTrue(r.verdict().met(), r.attempts().toString());
    assertEquals(2, Cosignatures.verify(r.cosignedCheckpoint(), List.of(w1.verifier(), w2.verifier())).size());
    Checkpoint.open(r.cosignedCheckpoint(), logKey.verifierKey());

    ForkedLogs.extend(a, logKey, "a", 0, 5, 9);
    // The witnesses last cosigned 5: the first request from 0 is answered 409, the retry from 5 is cosigned.
    CheckpointSubmitter.Result grown = submit(a, policy);
    assertTrue(grown.verdict().met(), grown.attempts().toString());
    assertEquals(9, Checkpoint.open(grown.cosignedCheckpoint(), logKey.verifierKey()).size());
  }

  @Test
  void aWitnessDownAtResubmissionDoesNotCostTheCosignatureItGaveThatCheckpoint() throws Exception {
    WitnessServer s2 = serve(w2, "s2");
    WitnessPolicy policy = policy(serve(w1, "s1"), s2);
    Path a = log("a", 0, 5);
    byte[] first = submit(a, policy).cosignedCheckpoint();
    s2.close();
    servers.remove(s2);
    CheckpointSubmitter.Result again;
    try (LogReader reader = LogReader.open(a, logKey.verifierKey())) {
      again = new CheckpointSubmitter(client).submit(reader, policy, Optional.of(first));
    }
    assertTrue(again.verdict().met(), again.attempts().toString());
    CheckpointSubmitter.Attempt down = again.attempts().get(1);
    assertEquals(CheckpointSubmitter.Status.UNREACHABLE, down.status());
    assertTrue(down.message().contains("earlier cosignature of this checkpoint is kept"), down.message());

    ForkedLogs.extend(a, logKey, "a", 0, 5, 6);
    try (LogReader reader = LogReader.open(a, logKey.verifierKey())) {
      CheckpointSubmitter.Result grown = new CheckpointSubmitter(client).submit(reader, policy, Optional.of(first));
      assertFalse(grown.verdict().met(), "a cosignature of size 5 says nothing about size 6");
    }
  }

  @Test
  void aSplitViewShownToDifferentWitnessesMissesTheQuorumOnBothBranches() throws Exception {
    WitnessServer s1 = serve(w1, "s1");
    WitnessServer s2 = serve(w2, "s2");
    WitnessPolicy policy = policy(s1, s2);
    Path a = log("a", 3, 3, 6);
    Path b = log("b", 3, 3, 6);
    assertEquals(200, client.addCheckpoint(s1.submissionPrefix(), ForkedLogs.request(a, logKey, 0)).status());
    assertEquals(200, client.addCheckpoint(s2.submissionPrefix(), ForkedLogs.request(b, logKey, 0)).status());

    WitnessClient.Answer conflict = client.addCheckpoint(s1.submissionPrefix(), ForkedLogs.request(b, logKey, 0));
    assertEquals(409, conflict.status());
    assertEquals("text/x.tlog.size", conflict.contentType());
    assertEquals("6\n", new String(conflict.body(), StandardCharsets.UTF_8));

    for (Path branch : new Path[] {a, b}) {
      CheckpointSubmitter.Result r = submit(branch, policy);
      assertFalse(r.verdict().met(), "a forked branch must not meet the quorum: " + r.attempts());
      assertEquals(1, r.verdict().cosignedBy().size());
      assertTrue(r.attempts().stream().anyMatch(x -> !x.cosigned() && x.message().contains("422")),
          r.attempts().toString());
    }
  }

  @Test
  void aRestartedServerOnTheSameStateFolderKeepsItsCheckpoint() throws Exception {
    Path a = log("a", 2, 2, 5);
    Path b = log("b", 2, 2, 5);
    WitnessServer first = serve(w1, "s1");
    assertEquals(200, client.addCheckpoint(first.submissionPrefix(), ForkedLogs.request(a, logKey, 0)).status());
    first.close();
    servers.remove(first);
    WitnessServer again = serve(w1, "s1");
    WitnessClient.Answer answer = client.addCheckpoint(again.submissionPrefix(), ForkedLogs.request(b, logKey, 0));
    assertEquals(409, answer.status());
    assertEquals("5\n", new String(answer.body(), StandardCharsets.UTF_8));
    assertEquals(422, client.addCheckpoint(again.submissionPrefix(), ForkedLogs.request(b, logKey, 5)).status());
  }

  @Test
  void concurrentClientsWithTwoRootsAtOneSizeGetExactlyOneCosignature() throws Exception {
    WitnessServer s = serve(w1, "s1");
    byte[][] bodies = {ForkedLogs.request(log("a", 1, 1, 7), logKey, 0),
        ForkedLogs.request(log("b", 1, 1, 7), logKey, 0)};
    int clients = 24;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        byte[] body = bodies[i % 2];
        Callable<Integer> call = () -> {
          start.await();
          return client.addCheckpoint(s.submissionPrefix(), body).status();
        };
        results.add(pool.submit(call));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : results) {
        statuses.add(f.get());
      }
      assertEquals(1, statuses.stream().filter(x -> x == 200).count(), statuses.toString());
      assertEquals(clients - 1, statuses.stream().filter(x -> x == 409).count(), statuses.toString());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refusalsOverHttpCarryTheSpecsStatusAndAReason() throws Exception {
    WitnessServer s = serve(w1, "s1");
    URI prefix = s.submissionPrefix();
    Path a = log("a", 0, 3);
    assertAnswer(client.addCheckpoint(prefix, "old 0\n".getBytes(StandardCharsets.UTF_8)), 400, "empty line");
    byte[] huge = new byte[2 * 64 * 1024];
    Arrays.fill(huge, (byte) 'x');
    assertAnswer(client.addCheckpoint(prefix, huge), 413, "larger than");
    LogKey stranger = LogKey.generate("other.example/log");
    Path other = ForkedLogs.build(tmp.resolve("other"), stranger, "x", 0, 2);
    assertAnswer(client.addCheckpoint(prefix, ForkedLogs.request(other, stranger, 0)), 404, "unknown log");
    LogKey impostor = LogKey.generate(logKey.name());
    Path forged = ForkedLogs.build(tmp.resolve("forged"), impostor, "x", 0, 3);
    assertAnswer(client.addCheckpoint(prefix, ForkedLogs.request(forged, impostor, 0)), 403, "not signed");

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> get = http.send(HttpRequest.newBuilder(prefix.resolve("add-checkpoint")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, get.statusCode());
    URI monitoring = prefix.resolve(WitnessState.originHash(logKey.name()) + "/checkpoint");
    assertEquals(404, http.send(HttpRequest.newBuilder(monitoring).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode(), "nothing cosigned yet");
    assertEquals(200, client.addCheckpoint(prefix, ForkedLogs.request(a, logKey, 0)).status());
    HttpResponse<byte[]> latest = http.send(HttpRequest.newBuilder(monitoring).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, latest.statusCode());
    assertEquals(3, Checkpoint.open(latest.body(), logKey.verifierKey()).size());
    assertEquals(1, Cosignatures.verify(latest.body(), List.of(w1.verifier())).size());
  }

  private static void assertAnswer(WitnessClient.Answer a, int status, String why) {
    String body = new String(a.body(), StandardCharsets.UTF_8);
    assertEquals(status, a.status(), body);
    assertTrue(body.contains(why), "expected '" + why + "' in: " + body);
  }
}
