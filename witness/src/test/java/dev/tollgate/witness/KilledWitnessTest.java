package dev.tollgate.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.note.WitnessKey;
import dev.tollgate.provenance.witness.ForkedLogs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A witness process is killed with SIGKILL the moment it announces a checkpoint is on disk (its
 * cosignature may or may not have left). A new process on the same state folder must remember that
 * checkpoint: the other branch of a forked log, same size and another root, is never cosigned.
 */
class KilledWitnessTest {
  @TempDir Path tmp;

  /** A running child witness and its announcements. */
  private static final class Child implements AutoCloseable {
    final Process process;
    final BufferedReader out;
    final URI prefix;

    Child(Path state, Path keyFile, LogKey log) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
          ServeUntilKilled.class.getName(), state.toString(), keyFile.toString(), log.verifierKey().toString()))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertTrue(first != null && first.startsWith("listening "), "child did not start: " + first);
      prefix = URI.create(first.substring("listening ".length()));
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child did not die");
    }

    @Override
    public void close() throws Exception {
      if (process.isAlive()) {
        kill();
      }
    }
  }

  @Test
  void aWitnessKilledAfterStoringNeverCosignsASecondRootAtThatSize() throws Exception {
    LogKey logKey = LogKey.generate("acme.example/endpoint/host-17");
    Path keyFile = tmp.resolve("witness.key");
    WitnessKey.generate("witness.example/w1", new java.security.SecureRandom()).writeTo(keyFile);
    Path a = ForkedLogs.build(tmp.resolve("a"), logKey, "a", 2, 2, 6);
    Path b = ForkedLogs.build(tmp.resolve("b"), logKey, "b", 2, 2, 6);
    String rootA;
    try (LogReader r = LogReader.open(a, logKey.verifierKey())) {
      rootA = r.latestCheckpoint().rootBase64();
    }
    Path state = tmp.resolve("state");
    WitnessClient client = new WitnessClient(Duration.ofSeconds(30));

    try (Child first = new Child(state, keyFile, logKey)) {
      byte[] body = ForkedLogs.request(a, logKey, 0);
      // The answer may or may not arrive before the kill; either is fine, so it is not awaited.
      CompletableFuture<Integer> answer = CompletableFuture.supplyAsync(() -> {
        try {
          return client.addCheckpoint(first.prefix, body).status();
        } catch (IOException e) {
          return -1;
        }
      });
      assertEquals("stored 6 " + rootA, first.out.readLine());
      first.kill();
      int status = answer.get(60, TimeUnit.SECONDS);
      assertTrue(status == 200 || status == -1, "answer before the kill: " + status);
    }

    try (Child second = new Child(state, keyFile, logKey)) {
      WitnessClient.Answer unaware = client.addCheckpoint(second.prefix, ForkedLogs.request(b, logKey, 0));
      assertEquals(409, unaware.status());
      assertEquals("6\n", new String(unaware.body(), StandardCharsets.UTF_8));
      WitnessClient.Answer twin = client.addCheckpoint(second.prefix, ForkedLogs.request(b, logKey, 6));
      assertNotEquals(200, twin.status());
      assertEquals(422, twin.status());
      ForkedLogs.extend(a, logKey, "a", 2, 6, 8);
      assertEquals(200, client.addCheckpoint(second.prefix, ForkedLogs.request(a, logKey, 6)).status(),
          "the surviving state is branch a at size 6");
      assertTrue(second.out.readLine().startsWith("stored 8 "));
    }
  }
}
