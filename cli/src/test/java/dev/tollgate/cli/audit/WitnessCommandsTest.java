package dev.tollgate.cli.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.cli.CliRun;
import dev.tollgate.cli.ExitCode;
import dev.tollgate.cli.Tollgate;
import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.witness.ForkedLogs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tollgate audit witness keygen | serve | submit} and {@code verify / consistency
 * --witness-policy}, in-process, with two witnesses serving on loopback and real logs.
 */
class WitnessCommandsTest {
  @TempDir Path tmp;
  private final List<Thread> servers = new ArrayList<>();
  private LogKey logKey;
  private String vkey;

  @AfterEach
  void stopServers() throws InterruptedException {
    for (Thread t : servers) {
      t.interrupt();
      t.join();
    }
  }

  private static CliRun cli(String... args) {
    return CliRun.of(args);
  }

  private void setUpLogKey() throws Exception {
    Path signer = tmp.resolve("log.key");
    CliRun k = cli("audit", "keygen", "acme.example/fleet/host-17", "--signer-out", signer.toString());
    assertEquals(ExitCode.OK, k.exit(), k.err());
    logKey = LogKey.load(signer);
    vkey = k.out().strip();
  }

  private String witnessKey(String name) throws Exception {
    Path key = tmp.resolve(name.replace('/', '_') + ".key");
    CliRun k = cli("audit", "witness", "keygen", name, "--key-out", key.toString());
    assertEquals(ExitCode.OK, k.exit(), k.err());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    return k.out().strip();
  }

  private Path logList() throws IOException {
    return Files.writeString(tmp.resolve("witnessed-logs"), "# logs this witness cosigns for\nlog " + vkey + "\n");
  }

  /** Runs {@code audit witness serve} on a thread and returns the URL it announced. */
  private String serve(String name) throws Exception {
    PipedReader pipe = new PipedReader();
    PrintWriter out = new PrintWriter(new PipedWriter(pipe), true);
    String[] args = {"audit", "witness", "serve", "--key", tmp.resolve(name.replace('/', '_') + ".key").toString(),
        "--logs", logList().toString(), "--state", tmp.resolve("state-" + name.replace('/', '_')).toString(),
        "--port", "0"};
    Thread t = new Thread(() -> Tollgate.run(out, new PrintWriter(System.err, true), args));
    t.start();
    servers.add(t);
    String line = new BufferedReader(pipe).readLine();
    Matcher m = Pattern.compile("serving (http://\\S+/)add-checkpoint").matcher(line);
    assertTrue(m.find(), line);
    return m.group(1);
  }

  private Path policy() throws Exception {
    String w1 = witnessKey("witness.example/w1");
    String w2 = witnessKey("witness.example/w2");
    String text = "log " + vkey + "\n"
        + "witness W1 " + w1 + " " + serve("witness.example/w1") + "\n"
        + "witness W2 " + w2 + " " + serve("witness.example/w2") + "\n"
        + "group both all W1 W2\n"
        + "quorum both\n";
    return Files.writeString(tmp.resolve("witnesses.policy"), text);
  }

  @Test
  void anHonestLogCosignedByBothWitnessesPassesATwoOfTwoPolicy() throws Exception {
    setUpLogKey();
    Path policy = policy();
    Path log = ForkedLogs.build(tmp.resolve("log"), logKey, "a", 0, 5);

    CliRun before = cli("audit", "verify", log.toString(), "--key", vkey, "--witness-policy", policy.toString());
    assertEquals(ExitCode.REFUSED, before.exit());
    assertTrue(before.err().contains("witness policy " + policy) && before.err().contains("0 valid cosignatures"),
        before.err());

    CliRun submit = cli("audit", "witness", "submit", log.toString(), "--key", vkey, "--policy", policy.toString());
    assertEquals(ExitCode.OK, submit.exit(), submit.out() + submit.err());
    assertTrue(submit.out().contains("quorum 'both' met"), submit.out());

    CliRun verified = cli("audit", "verify", log.toString(), "--key", vkey, "--witness-policy", policy.toString());
    assertEquals(ExitCode.OK, verified.exit(), verified.err());
    assertTrue(verified.out().contains("quorum 'both' met by W1, W2"), verified.out());
    Path cosigned = log.resolve("checkpoint.cosigned");
    CliRun consistent = cli("audit", "consistency", log.resolve("checkpoint").toString(), cosigned.toString(),
        log.toString(), "--key", vkey, "--witness-policy", policy.toString());
    assertEquals(ExitCode.OK, consistent.exit(), consistent.err());

    ForkedLogs.extend(log, logKey, "a", 0, 5, 8);
    CliRun stale = cli("audit", "verify", log.toString(), "--key", vkey, "--witness-policy", policy.toString());
    assertEquals(ExitCode.REFUSED, stale.exit());
    assertTrue(stale.err().contains("tree size 5, not the checkpoint of tree size 8"), stale.err());
    CliRun again = cli("audit", "witness", "submit", log.toString(), "--key", vkey, "--policy", policy.toString(),
        "--json");
    assertEquals(ExitCode.OK, again.exit(), again.out() + again.err());
    assertEquals(ExitCode.OK, cli("audit", "verify", log.toString(), "--key", vkey, "--witness-policy",
        policy.toString()).exit());
  }

  @Test
  void aForkedLogIsRefusedByTheWitnessesAndByTheAuditorsQuorum() throws Exception {
    setUpLogKey();
    Path policy = policy();
    Path honest = ForkedLogs.build(tmp.resolve("honest"), logKey, "honest", 3, 3, 6);
    Path fork = ForkedLogs.build(tmp.resolve("fork"), logKey, "fork", 3, 3, 7);
    assertEquals(ExitCode.OK, cli("audit", "witness", "submit", honest.toString(), "--key", vkey, "--policy",
        policy.toString()).exit());

    CliRun refused = cli("audit", "witness", "submit", fork.toString(), "--key", vkey, "--policy", policy.toString());
    assertEquals(ExitCode.REFUSED, refused.exit(), refused.out() + refused.err());
    assertEquals(2, refused.out().lines().filter(l -> l.contains("refused with 422")).count(), refused.out());
    assertTrue(refused.err().contains("0 valid cosignature(s), quorum 'both' not met"), refused.err());

    CliRun audit = cli("audit", "verify", fork.toString(), "--key", vkey, "--witness-policy", policy.toString());
    assertEquals(ExitCode.REFUSED, audit.exit());
    assertTrue(audit.err().contains("has 0 valid cosignature(s); quorum 'both' is not met"), audit.err());

    // The honest branch's cosignatures do not transfer to the fork's checkpoint.
    Files.copy(honest.resolve("checkpoint.cosigned"), fork.resolve("checkpoint.cosigned"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    CliRun borrowed = cli("audit", "verify", fork.toString(), "--key", vkey, "--witness-policy", policy.toString());
    assertEquals(ExitCode.REFUSED, borrowed.exit());
    assertTrue(borrowed.err().contains("tree size 6, not the checkpoint of tree size 7"), borrowed.err());
  }

  @Test
  void configurationErrorsExitTwoNamingTheFile() throws Exception {
    setUpLogKey();
    witnessKey("witness.example/w1");
    Path key = tmp.resolve("witness.example_w1.key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    CliRun open = cli("audit", "witness", "serve", "--key", key.toString(), "--logs", logList().toString(),
        "--state", tmp.resolve("s").toString(), "--port", "0");
    assertEquals(ExitCode.USAGE, open.exit());
    assertTrue(open.err().contains("readable or writable by others"), open.err());
    assertTrue(!open.err().contains("PRIVATE+KEY"), "the key is never printed");

    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Path badList = Files.writeString(tmp.resolve("bad-logs"), "log " + vkey + "\nwitness X y\n");
    CliRun list = cli("audit", "witness", "serve", "--key", key.toString(), "--logs", badList.toString(),
        "--state", tmp.resolve("s").toString(), "--port", "0");
    assertEquals(ExitCode.USAGE, list.exit());
    assertTrue(list.err().contains(badList + " line 2"), list.err());

    Path log = ForkedLogs.build(tmp.resolve("log"), logKey, "a", 0, 2);
    Path badPolicy = Files.writeString(tmp.resolve("bad.policy"), "log " + vkey + "\nquorum nobody\n");
    CliRun verify = cli("audit", "verify", log.toString(), "--key", vkey, "--witness-policy", badPolicy.toString());
    assertEquals(ExitCode.USAGE, verify.exit());
    assertTrue(verify.err().contains(badPolicy + " line 2: quorum 'nobody'"), verify.err());
    try (Stream<Path> files = Files.list(log)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().equals("checkpoint.cosigned")));
    }
  }
}
