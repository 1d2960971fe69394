package dev.tollgate.tuf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.tuf.http.OkHttpFetcher;
import dev.tollgate.tuf.testing.LoopbackServer;
import dev.tollgate.tuf.testing.TestRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdaterTest {
  @TempDir Path tmp;
  private TestRepository repo;
  private LoopbackServer server;
  private Path metadataDir;
  private Path targetDir;

  @BeforeEach
  void setUp() throws Exception {
    repo = new TestRepository();
    server = LoopbackServer.serving(repo);
    metadataDir = tmp.resolve("metadata");
    targetDir = Files.createDirectories(tmp.resolve("targets"));
    Updater.initialize(metadataDir, repo.initialRoot());
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private Updater.Builder builder() {
    return Updater.builder().metadataDir(metadataDir).metadataBaseUrl(server.metadataUrl())
        .targetBaseUrl(server.targetsUrl())
        .fetcher(OkHttpFetcher.builder().readTimeout(Duration.ofSeconds(2)).build());
  }

  private Updater updater() throws IOException {
    return builder().build();
  }

  private long cachedVersion(String role) throws Exception {
    byte[] b = Files.readAllBytes(metadataDir.resolve(UrlNames.quoteAll(role) + ".json"));
    return Metadata.fromBytes(b).signed().version();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void refreshesAndDownloadsATargetThenSkipsTheCachedCopy() throws Exception {
    TargetFile t = repo.addTarget("targets", "agents/desk/1.0/desk.tar.gz", utf8("agent bytes"), null);
    repo.publish();
    Updater u = updater();
    u.refresh();
    assertEquals(List.of("metadata/2.root.json", "metadata/timestamp.json", "metadata/2.snapshot.json",
        "metadata/2.targets.json"), server.requests());
    TargetFile found = u.getTargetInfo(t.path()).orElseThrow();
    assertEquals(t, found);
    Path file = u.downloadTarget(found, targetDir);
    assertArrayEquals(utf8("agent bytes"), Files.readAllBytes(file));
    assertEquals(Optional.of(file), u.findCachedTarget(found, targetDir));
    // The server's metadata bytes are cached byte for byte.
    assertArrayEquals(repo.file("metadata/timestamp.json"), Files.readAllBytes(metadataDir.resolve("timestamp.json")));
    // A second refresh with nothing new: timestamp only, local snapshot and targets are kept.
    server.clearRequests();
    updater().refresh();
    assertEquals(List.of("metadata/2.root.json", "metadata/timestamp.json"), server.requests());
  }

  @Test
  void followsRootRotationsOneVersionAtATime() throws Exception {
    repo.rotateKey("root");
    repo.publish();
    repo.rotateKey("root");
    repo.publish();
    updater().refresh();
    assertEquals(3, cachedVersion("root"));
    assertTrue(server.requests().containsAll(List.of("metadata/2.root.json", "metadata/3.root.json",
        "metadata/4.root.json")));
  }

  @Test
  void refusesARootNotSignedByTheOldKeysAndKeepsTheTrustedOne() throws Exception {
    repo.rotateKey("root");
    repo.publish();
    // Re-sign version 2 with the new key only: no continuity from version 1.
    Metadata<Root> v2 = Metadata.fromBytes(repo.file("metadata/2.root.json"), Root.class, "root");
    v2.clearSignatures();
    repo.signers("root").forEach(v2::sign);
    repo.putFile("metadata/2.root.json", v2.toBytes());
    SignatureThresholdException e = assertThrows(SignatureThresholdException.class, () -> updater().refresh());
    assertEquals("root", e.role());
    assertEquals(1, cachedVersion("root"));
  }

  @Test
  void stopsAfterTheMaximumNumberOfRootRotations() throws Exception {
    for (int i = 0; i < 3; i++) {
      repo.touch("root").publish();
    }
    builder().limits(Limits.builder().maxRootRotations(2).build()).build().refresh();
    assertEquals(3, cachedVersion("root"));
    assertFalse(server.requests().contains("metadata/4.root.json"));
  }

  @Test
  void recoversFromAFastForwardAttackAfterTimestampKeyRotation() throws Exception {
    updater().refresh();
    // An attacker with the old timestamp key published a huge version; the client trusted it.
    Metadata<Timestamp> trusted = Metadata.fromBytes(repo.file("metadata/timestamp.json"), Timestamp.class, "timestamp");
    Timestamp t = trusted.signed();
    Metadata<Timestamp> forged = Metadata.of(new Timestamp(999, t.expires(), t.snapshotMeta()));
    repo.signers("timestamp").forEach(forged::sign);
    repo.putFile("metadata/timestamp.json", forged.toBytes());
    updater().refresh();
    assertEquals(999, cachedVersion("timestamp"));
    // The repository rotates the timestamp key; a lower version signed by the new key is accepted.
    repo.rotateKey("timestamp");
    repo.publish();
    updater().refresh();
    assertTrue(cachedVersion("timestamp") < 999);
    assertEquals(repo.version("timestamp"), cachedVersion("timestamp"));
  }

  @Test
  void refusesAReplayedTimestampAndSnapshot() throws Exception {
    byte[] oldTimestamp = repo.file("metadata/timestamp.json");
    repo.touch("targets").publish();
    updater().refresh();
    repo.putFile("metadata/timestamp.json", oldTimestamp);
    RollbackException e = assertThrows(RollbackException.class, () -> updater().refresh());
    assertEquals("timestamp", e.role());
    assertTrue(e.getMessage().contains("lower than trusted"), e.getMessage());
    assertEquals(repo.version("timestamp"), cachedVersion("timestamp"));
  }

  @Test
  void refusesASnapshotThatRollsBackATargetsVersion() throws Exception {
    repo.touch("targets").publish();
    updater().refresh();
    // A new snapshot (properly signed) claiming an older targets version.
    Metadata<Snapshot> snap = Metadata.fromBytes(repo.file("metadata/snapshot.json"), Snapshot.class, "snapshot");
    java.util.Map<String, MetaFile> meta = new java.util.LinkedHashMap<>(snap.signed().meta());
    meta.put("targets.json", new MetaFile(1));
    Metadata<Snapshot> older = Metadata.of(new Snapshot(snap.signed().version() + 1, snap.signed().expires(), meta));
    repo.signers("snapshot").forEach(older::sign);
    byte[] bytes = older.toBytes();
    repo.putFile("metadata/" + older.signed().version() + ".snapshot.json", bytes);
    Metadata<Timestamp> ts = Metadata.of(new Timestamp(repo.version("timestamp") + 1,
        snap.signed().expires(), new MetaFile(older.signed().version(), (long) bytes.length,
            java.util.Map.of("sha256", Hashes.sha256Hex(bytes)), null)));
    repo.signers("timestamp").forEach(ts::sign);
    repo.putFile("metadata/timestamp.json", ts.toBytes());
    RollbackException e = assertThrows(RollbackException.class, () -> updater().refresh());
    assertEquals("snapshot", e.role());
    assertTrue(e.getMessage().contains("targets.json version 1 lower than trusted 2"), e.getMessage());
  }

  @Test
  void refusesExpiredMetadataAtTheReferenceTime() throws Exception {
    Instant later = Instant.now().plus(Duration.ofDays(400));
    ExpiredMetadataException e = assertThrows(ExpiredMetadataException.class,
        () -> builder().clock(Clock.fixed(later, ZoneOffset.UTC)).build().refresh());
    assertEquals("expired", e.check());
    assertEquals("root", e.role());
    // Freeze: a timestamp that expired is refused even though everything else is fresh.
    repo.timestampExpiresAt(Instant.now().minusSeconds(60)).touch("targets").publish();
    ExpiredMetadataException ts = assertThrows(ExpiredMetadataException.class, () -> updater().refresh());
    assertEquals("timestamp", ts.role());
  }

  @Test
  void searchesDelegationsPreOrderDepthFirstAndHonoursTerminating() throws Exception {
    repo.delegate("targets", "a", false, List.of("apps/*"), null);
    repo.delegate("targets", "b", false, List.of("apps/*"), null);
    repo.delegate("a", "a1", true, List.of("apps/x*"), null);
    repo.delegate("targets", "c", false, List.of("*"), null);
    repo.addTarget("b", "apps/x.bin", utf8("from b"), null);
    repo.addTarget("b", "apps/y.bin", utf8("y from b"), null);
    repo.addTarget("a1", "apps/y.bin", utf8("never reached: a1 is not delegated apps/y"), null);
    repo.publish();
    Updater u = updater();
    // a -> a1 (terminating for apps/x*) ends the search before b: nothing found.
    assertEquals(Optional.empty(), u.getTargetInfo("apps/x.bin"));
    server.clearRequests();
    TargetFile y = u.getTargetInfo("apps/y.bin").orElseThrow();
    assertEquals(Hashes.sha256Hex(utf8("y from b")), y.hashes().get("sha256"));
    assertEquals(List.of("metadata/1.b.json"), server.requests(), "a was loaded already, a1 is not delegated");
    assertEquals(Optional.empty(), u.getTargetInfo("docs/readme"));
  }

  @Test
  void stopsAfterTheMaximumNumberOfDelegations() throws Exception {
    String parent = "targets";
    for (int i = 0; i < 5; i++) {
      repo.delegate(parent, "d" + i, false, List.of("*"), null);
      parent = "d" + i;
    }
    repo.addTarget(parent, "deep", utf8("deep"), null);
    repo.publish();
    Updater limited = builder().limits(Limits.builder().maxDelegations(3).build()).build();
    assertEquals(Optional.empty(), limited.getTargetInfo("deep"));
    assertTrue(updater().getTargetInfo("deep").isPresent());
  }

  @Test
  void ignoresDelegationCycles() throws Exception {
    repo.delegate("targets", "x", false, List.of("*"), null);
    repo.delegate("x", "y", false, List.of("*"), null);
    repo.delegate("y", "x", false, List.of("*"), null);
    repo.publish();
    assertEquals(Optional.empty(), updater().getTargetInfo("missing"));
    assertEquals(1, server.requests().stream().filter(r -> r.endsWith(".x.json")).count(), server.requests().toString());
  }

  @Test
  void findsTargetsThroughHashedBinsAndSuccinctBins() throws Exception {
    String path = "models/m.bin";
    String prefix = Hashes.sha256Hex(utf8(path)).substring(0, 1);
    String other = prefix.equals("0") ? "1" : "0";
    repo.delegate("targets", "bin-other", false, null, List.of(other));
    repo.delegate("targets", "bin-match", false, null, List.of(prefix));
    repo.addTarget("bin-match", path, utf8("weights"), null);
    repo.publish();
    assertTrue(updater().getTargetInfo(path).isPresent());
    assertFalse(server.requests().contains("metadata/1.bin-other.json"));

    TestRepository succinct = new TestRepository();
    try (LoopbackServer s2 = LoopbackServer.serving(succinct)) {
      succinct.delegateSuccinct("targets", 6, "bins");
      for (int i = 0; i < 200; i++) {
        succinct.addTargetToBin("targets", "pkg/" + i + ".tgz", utf8("pkg " + i));
      }
      succinct.publish();
      Path dir = tmp.resolve("succinct");
      Updater.initialize(dir, succinct.initialRoot());
      Updater u = Updater.builder().metadataDir(dir).metadataBaseUrl(s2.metadataUrl()).targetBaseUrl(s2.targetsUrl()).build();
      TargetFile t = u.getTargetInfo("pkg/42.tgz").orElseThrow();
      String bin = new SuccinctRoles(List.of(), 1, 6, "bins").roleNameFor("pkg/42.tgz");
      assertTrue(s2.requests().contains("metadata/1." + bin + ".json"), s2.requests().toString());
      assertArrayEquals(utf8("pkg 42"), Files.readAllBytes(u.downloadTarget(t, Files.createDirectories(tmp.resolve("dl")))));
      List<TargetFile> listed = u.listTargets("pkg/1");
      assertEquals(List.of("pkg/1.tgz", "pkg/10.tgz", "pkg/100.tgz"), listed.stream().map(TargetFile::path).limit(3).toList());
      assertEquals(111, listed.size());
    }
  }

  @Test
  void listTargetsResolvesEachPathToTheRoleThatWins() throws Exception {
    repo.addTarget("targets", "apps/top", utf8("top"), null);
    repo.delegate("targets", "first", false, List.of("apps/*"), null);
    repo.delegate("targets", "second", false, List.of("apps/*"), null);
    repo.addTarget("first", "apps/shared", utf8("first wins"), null);
    repo.addTarget("second", "apps/shared", utf8("second loses"), null);
    repo.addTarget("second", "apps/only-second", utf8("second"), null);
    repo.addTarget("second", "other/x", utf8("not under prefix"), null);
    repo.publish();
    List<TargetFile> listed = updater().listTargets("apps/");
    assertEquals(List.of("apps/only-second", "apps/shared", "apps/top"), listed.stream().map(TargetFile::path).toList());
    assertEquals(Hashes.sha256Hex(utf8("first wins")), listed.get(1).hashes().get("sha256"));
  }

  @Test
  void eachTargetNamesTheRoleThatListedItAndTheKeysThatMetItsThreshold() throws Exception {
    Signer second = repo.addKey("targets", 2);
    repo.addTarget("targets", "apps/top", utf8("top"), null);
    Signer plugins = repo.delegate("targets", "plugins", true, List.of("plugins/*"), null);
    repo.addTarget("plugins", "plugins/pdf", utf8("pdf"), null);
    repo.publish();
    Updater updater = updater();

    RoleApproval top = updater.approvedTarget("apps/top").orElseThrow().approval();
    java.util.SortedSet<String> targetsKeys = new java.util.TreeSet<>(
        repo.signers("targets").stream().map(Signer::keyId).toList());
    assertEquals(2, targetsKeys.size());
    assertTrue(targetsKeys.contains(second.keyId()));
    assertEquals(new RoleApproval("targets", repo.version("targets"), targetsKeys), top);

    List<ApprovedTarget> listed = updater.listApprovedTargets("plugins/");
    assertEquals(1, listed.size());
    assertEquals(new RoleApproval("plugins", repo.version("plugins"), new java.util.TreeSet<>(List.of(plugins.keyId()))),
        listed.get(0).approval());
  }

  private static List<String> paths(List<TargetFile> targets) {
    return targets.stream().map(TargetFile::path).toList();
  }

  private boolean requested(String role) {
    return server.requests().stream().anyMatch(r -> r.endsWith("." + role + ".json"));
  }

  @Test
  void aBrokenDelegatedRoleRefusesOnlyTheListingsItCouldServe() throws Exception {
    repo.delegate("targets", "agents", true, List.of("agents/*/*/*"), null);
    repo.delegate("targets", "plugins", true, List.of("plugins/*/*/*"), null);
    repo.delegate("targets", "models", true, List.of("models/*/*/*"), null);
    repo.addTarget("agents", "agents/desk/1.0/desk.bin", utf8("agent"), null);
    repo.addTarget("plugins", "plugins/pdf/1.0/pdf.zip", utf8("plugin"), null);
    repo.addTarget("models", "models/llm/1.0/llm.bin", utf8("model"), null);
    repo.delegate("targets", "docs", true, List.of("docs/*/*/*"), null);
    repo.publish();
    // plugins is missing from the server; models is served with bytes snapshot did not sign, docs
    // with more bytes than snapshot's signed length.
    repo.removeFile("metadata/" + repo.version("plugins") + ".plugins.json");
    server.override("metadata/" + repo.version("docs") + ".docs.json", LoopbackServer.endless());
    String models = "metadata/" + repo.version("models") + ".models.json";
    byte[] tampered = repo.file(models).clone();
    tampered[tampered.length - 3] ^= 1;
    repo.putFile(models, tampered);

    Updater u = updater();
    assertEquals(List.of("agents/desk/1.0/desk.bin"), paths(u.listTargets("agents/desk/")));
    assertEquals(List.of("agents/desk/1.0/desk.bin"), paths(u.listTargets("agents/de")));
    assertFalse(requested("plugins") || requested("models") || requested("docs"), server.requests().toString());

    TufException missing = assertThrows(TufException.class, () -> u.listTargets("plugins/pdf/"));
    assertEquals("plugins", missing.role());
    assertEquals("missing", missing.check());
    TufException altered = assertThrows(TufException.class, () -> u.listTargets("models/llm/"));
    assertEquals("models", altered.role());
    assertEquals("hash-mismatch", altered.check());
    TufException tooLong = assertThrows(TufException.class, () -> u.listTargets("docs/"));
    assertEquals("docs", tooLong.role());
    assertEquals("length-mismatch", tooLong.check());
    assertEquals(List.of("agents/desk/1.0/desk.bin"), paths(u.listTargets("agents/desk/")));
  }

  @Test
  void hashPrefixDelegationsAreVisitedForEveryListing() throws Exception {
    repo.delegate("targets", "agents", true, List.of("agents/*/*/*"), null);
    repo.delegate("targets", "by-hash", false, null, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a",
        "b", "c", "d", "e", "f"));
    repo.addTarget("by-hash", "other/x/1.0/x.bin", utf8("x"), null);
    repo.publish();
    assertEquals(List.of("other/x/1.0/x.bin"), paths(updater().listTargets("other/")));
    assertTrue(requested("by-hash"), server.requests().toString());
  }

  @Test
  void succinctBinsAreCountedBeforeAnyIsNamedOrLoaded() throws Exception {
    repo.delegate("targets", "models", true, List.of("models/*/*/*"), null);
    Signer binKey = InMemorySigner.generate(Key.ED25519);
    repo.setDelegations("models", new Delegations(Map.of(binKey.keyId(), binKey.publicKey()),
        new SuccinctRoles(List.of(binKey.keyId()), 1, 32, "models")));
    repo.addTarget("targets", "agents/desk/1.0/desk.bin", utf8("agent"), null);
    repo.publish();
    Updater u = updater();
    TufException tooMany = assertThrows(TufException.class, () -> u.listTargets("models/llm/"));
    assertEquals("models", tooMany.role());
    assertEquals("max-roles", tooMany.check());
    assertTrue(tooMany.getMessage().contains("4294967296 succinct bins"), tooMany.getMessage());
    assertFalse(requested("models-00000000"), server.requests().toString());
    assertEquals(List.of("agents/desk/1.0/desk.bin"), paths(u.listTargets("agents/")));
    // A single path needs only its own bin, named directly from the path's hash.
    String bin = new SuccinctRoles(List.of(), 1, 32, "models").roleNameFor("models/llm/1.0/llm.bin");
    RollbackException notListed = assertThrows(RollbackException.class,
        () -> u.getTargetInfo("models/llm/1.0/llm.bin"));
    assertEquals(bin, notListed.role());

    // Below the budget bins are loaded; above it none is, however few.
    TestRepository small = new TestRepository();
    try (LoopbackServer s = LoopbackServer.serving(small)) {
      small.delegateSuccinct("targets", 4, "bins");
      small.addTargetToBin("targets", "pkg/a.tgz", utf8("a"));
      small.publish();
      Path dir = tmp.resolve("small");
      Updater.initialize(dir, small.initialRoot());
      Updater.Builder b = Updater.builder().metadataDir(dir).metadataBaseUrl(s.metadataUrl());
      TufException over = assertThrows(TufException.class,
          () -> b.limits(Limits.builder().maxListedRoles(16).build()).build().listTargets("pkg/"));
      assertEquals("max-roles", over.check());
      assertEquals(List.of(), s.requests().stream().filter(r -> r.contains("bins-")).toList());
      assertEquals(List.of("pkg/a.tgz"),
          paths(b.limits(Limits.builder().maxListedRoles(17).build()).build().listTargets("pkg/")));
    }
  }

  @Test
  void cutsOffEndlessMetadataAtTheRoleLimit() throws Exception {
    server.override("metadata/timestamp.json", LoopbackServer.endless());
    DownloadTooLargeException e = assertThrows(DownloadTooLargeException.class, () -> updater().refresh());
    assertTrue(e.getMessage().contains("16384"), e.getMessage());
    assertFalse(Files.exists(metadataDir.resolve("timestamp.json")));
  }

  @Test
  void cutsOffATargetLongerThanSigned() throws Exception {
    TargetFile t = repo.addTarget("targets", "a.txt", utf8("short"), null);
    repo.publish();
    server.override("targets/" + t.hashes().get("sha256") + ".a.txt", LoopbackServer.endless());
    Updater u = updater();
    HashMismatchException e = assertThrows(HashMismatchException.class,
        () -> u.downloadTarget(u.getTargetInfo("a.txt").orElseThrow(), targetDir));
    assertEquals("length-mismatch", e.check());
    try (var files = Files.list(targetDir)) {
      assertEquals(List.of(), files.collect(Collectors.toList()), "no partial file left behind");
    }
  }

  @Test
  void timesOutOnAStalledServer() throws Exception {
    server.override("metadata/timestamp.json", LoopbackServer.stall(Duration.ofSeconds(20)));
    Updater u = builder().fetcher(OkHttpFetcher.builder().readTimeout(Duration.ofMillis(500)).build()).build();
    IOException e = assertThrows(IOException.class, u::refresh);
    assertTrue(causes(e).stream().anyMatch(c -> c instanceof java.net.SocketTimeoutException), e.toString());
    assertFalse(Files.exists(metadataDir.resolve("timestamp.json")));
  }

  @Test
  void aLargeTargetOnASlowLinkGetsTimeInProportionToItsLength() throws Exception {
    byte[] body = new byte[192 * 1024];
    new java.util.Random(7).nextBytes(body);
    TargetFile t = repo.addTarget("targets", "model.bin", body, null);
    repo.publish();
    // 1.5 s at 128 KiB/s: longer than the 1 s whole-call limit meant for metadata.
    server.override("targets/" + t.hashes().get("sha256") + ".model.bin",
        LoopbackServer.throttled(body, 128 * 1024));
    Updater patient = builder().fetcher(OkHttpFetcher.builder().callTimeout(Duration.ofSeconds(1))
        .minimumRate(64 * 1024).build()).build();
    Path got = patient.downloadTarget(patient.getTargetInfo("model.bin").orElseThrow(), targetDir);
    assertArrayEquals(body, Files.readAllBytes(got));
    // Below the minimum rate the same download is cut off.
    Path partials = tmp.resolve("partial");
    Updater strict = builder().fetcher(OkHttpFetcher.builder().callTimeout(Duration.ofSeconds(1))
        .minimumRate(1024 * 1024).build()).partialDir(partials).downloadAttempts(1).build();
    Path other = Files.createDirectories(tmp.resolve("other"));
    IOException e = assertThrows(IOException.class,
        () -> strict.downloadTarget(strict.getTargetInfo("model.bin").orElseThrow(), other));
    assertTrue(causes(e).stream().anyMatch(c -> c instanceof java.io.InterruptedIOException), e.toString());
    assertEquals(List.of(), filesIn(other), "nothing reaches the destination");
  }

  private static List<Path> filesIn(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.sorted().collect(Collectors.toList());
    }
  }

  /** A published target of {@code length} random bytes served by {@code responder}. */
  private TargetFile servedBy(String name, byte[] body, LoopbackServer.RangeResponder responder) {
    TargetFile t = repo.addTarget("targets", name, body, null);
    repo.publish();
    server.override("targets/" + t.hashes().get("sha256") + "." + name, responder);
    return t;
  }

  private static byte[] randomBytes(int length) {
    byte[] b = new byte[length];
    new java.util.Random(length).nextBytes(b);
    return b;
  }

  private static final int BIG = 3 * TargetCopy.CHUNK_SIZE + 4321;
  private static final int NINETY_PERCENT = BIG / 10 * 9;

  @Test
  void aBrokenDownloadResumesWithARangeRequestInTheSameCall() throws Exception {
    byte[] body = randomBytes(BIG);
    LoopbackServer.RangeResponder served = LoopbackServer.ranged(body).breakOnceAt(NINETY_PERCENT);
    servedBy("model.bin", body, served);
    Updater u = updater();
    List<Long> progress = new java.util.ArrayList<>();
    Path got = u.downloadTarget(u.getTargetInfo("model.bin").orElseThrow(), targetDir, progress::add);
    assertArrayEquals(body, Files.readAllBytes(got));
    assertEquals(java.util.Arrays.asList(null, "bytes=" + NINETY_PERCENT + "-"), served.rangesAsked());
    assertEquals((long) BIG, progress.get(progress.size() - 1), "progress counts the kept bytes too");
    assertEquals(List.of(got), filesIn(targetDir), "the partial file is gone");
  }

  @Test
  void aLaterRunResumesFromThePartialFileItFindsInThePartialFolder() throws Exception {
    byte[] body = randomBytes(BIG);
    LoopbackServer.RangeResponder served = LoopbackServer.ranged(body).breakOnceAt(NINETY_PERCENT);
    servedBy("model.bin", body, served);
    Path partials = tmp.resolve("state-downloads");
    Updater first = builder().partialDir(partials).downloadAttempts(1).build();
    assertThrows(IOException.class, () -> first.downloadTarget(first.getTargetInfo("model.bin").orElseThrow(), targetDir));
    List<Path> kept = filesIn(partials);
    assertEquals(1, kept.size(), kept.toString());
    assertEquals(NINETY_PERCENT, Files.size(kept.get(0)), "every byte received before the break is kept");
    assertEquals(List.of(), filesIn(targetDir));

    Updater later = builder().partialDir(partials).build(); // a new process: the hash state comes from the file
    Path got = later.downloadTarget(later.getTargetInfo("model.bin").orElseThrow(), targetDir);
    assertArrayEquals(body, Files.readAllBytes(got));
    assertEquals(java.util.Arrays.asList(null, "bytes=" + NINETY_PERCENT + "-"), served.rangesAsked());
    assertEquals(List.of(), filesIn(partials), "the partial file is removed after success");
  }

  @Test
  void partialFilesNoDownloadTouchedForTwoWeeksAreRemoved() throws Exception {
    byte[] body = randomBytes(BIG);
    servedBy("model.bin", body, LoopbackServer.ranged(body));
    Path partials = Files.createDirectories(tmp.resolve("state-downloads"));
    Path abandoned = Files.write(partials.resolve(".tollgate-" + "a".repeat(64) + ".partial"), new byte[] {1});
    Path recent = Files.write(partials.resolve(".tollgate-" + "b".repeat(64) + ".partial"), new byte[] {2});
    Path notOurs = Files.write(partials.resolve("notes.txt"), new byte[] {3});
    Instant now = Instant.now();
    Files.setLastModifiedTime(abandoned, java.nio.file.attribute.FileTime.from(now.minus(Duration.ofDays(15))));
    Files.setLastModifiedTime(recent, java.nio.file.attribute.FileTime.from(now.minus(Duration.ofDays(13))));
    Files.setLastModifiedTime(notOurs, java.nio.file.attribute.FileTime.from(now.minus(Duration.ofDays(30))));
    Updater u = builder().partialDir(partials).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
    u.downloadTarget(u.getTargetInfo("model.bin").orElseThrow(), targetDir);
    assertEquals(List.of(recent, notOurs), filesIn(partials));
  }

  @Test
  void aServerThatIgnoresRangeIsDownloadedAgainFromTheStart() throws Exception {
    byte[] body = randomBytes(BIG);
    LoopbackServer.RangeResponder served = LoopbackServer.ranged(body).breakOnceAt(NINETY_PERCENT).ignoreRange();
    servedBy("model.bin", body, served);
    Updater u = updater();
    Path got = u.downloadTarget(u.getTargetInfo("model.bin").orElseThrow(), targetDir);
    assertArrayEquals(body, Files.readAllBytes(got));
    assertEquals(java.util.Arrays.asList(null, "bytes=" + NINETY_PERCENT + "-"), served.rangesAsked());
  }

  @Test
  void aWrongContentRangeDropsTheKeptBytesAndTheNextRequestAsksForTheWholeFile() throws Exception {
    byte[] body = randomBytes(BIG);
    LoopbackServer.RangeResponder served =
        LoopbackServer.ranged(body).breakOnceAt(NINETY_PERCENT).contentRangeShiftedBy(1);
    TargetFile t = servedBy("model.bin", body, served);
    Updater twoTries = builder().downloadAttempts(2).build();
    UnusableRangeException refused = assertThrows(UnusableRangeException.class,
        () -> twoTries.downloadTarget(twoTries.getTargetInfo("model.bin").orElseThrow(), targetDir));
    String url = server.targetsUrl() + t.hashes().get("sha256") + ".model.bin";
    assertTrue(refused.getMessage().contains(url) && refused.getMessage().contains("Content-Range"),
        refused.getMessage());
    assertEquals(List.of(), filesIn(targetDir), "nothing kept from a server that answers the wrong part");

    served.breakOnceAt(NINETY_PERCENT);
    Updater u = updater();
    Path got = u.downloadTarget(u.getTargetInfo("model.bin").orElseThrow(), targetDir);
    assertArrayEquals(body, Files.readAllBytes(got));
    assertEquals(java.util.Arrays.asList(null, "bytes=" + NINETY_PERCENT + "-", null, "bytes=" + NINETY_PERCENT + "-",
        null), served.rangesAsked());
  }

  @Test
  void otherBytesInTheResumedPartAreRefusedAndNeverInstalled() throws Exception {
    byte[] body = randomBytes(BIG);
    byte[] changed = body.clone();
    changed[BIG - 1] ^= 1;
    LoopbackServer.RangeResponder served = LoopbackServer.ranged(body).breakOnceAt(NINETY_PERCENT).resumedFrom(changed);
    TargetFile t = servedBy("model.bin", body, served);
    Updater u = updater();
    HashMismatchException e = assertThrows(HashMismatchException.class,
        () -> u.downloadTarget(u.getTargetInfo("model.bin").orElseThrow(), targetDir));
    assertEquals("hash-mismatch", e.check());
    String url = server.targetsUrl() + t.hashes().get("sha256") + ".model.bin";
    assertTrue(e.getMessage().contains(url + " (resumed at byte " + NINETY_PERCENT + ")"), e.getMessage());
    assertEquals(List.of(), filesIn(targetDir), "neither the file nor the partial file is left");
  }

  @Test
  void aResumedPartNeverTakesTheFilePastItsSignedLength() throws Exception {
    byte[] body = randomBytes(BIG);
    byte[] longer = java.util.Arrays.copyOf(body, BIG + 4096);
    LoopbackServer.RangeResponder served = LoopbackServer.ranged(body).breakOnceAt(NINETY_PERCENT).resumedFrom(longer);
    servedBy("model.bin", body, served);
    Updater u = updater();
    HashMismatchException e = assertThrows(HashMismatchException.class,
        () -> u.downloadTarget(u.getTargetInfo("model.bin").orElseThrow(), targetDir));
    assertEquals("length-mismatch", e.check());
    assertEquals(List.of(), filesIn(targetDir));
  }

  private static List<Throwable> causes(Throwable t) {
    List<Throwable> chain = new java.util.ArrayList<>();
    for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
      chain.add(c);
    }
    return chain;
  }

  @Test
  void refusesWrongAndTruncatedTargetsAndKeepsTheGoodCopy() throws Exception {
    TargetFile t = repo.addTarget("targets", "b.txt", utf8("good content"), null);
    repo.publish();
    Updater u = updater();
    TargetFile info = u.getTargetInfo("b.txt").orElseThrow();
    Path good = u.downloadTarget(info, targetDir);
    String served = "targets/" + t.hashes().get("sha256") + ".b.txt";
    server.override(served, LoopbackServer.bytes(utf8("evil content")));
    HashMismatchException wrong = assertThrows(HashMismatchException.class, () -> u.downloadTarget(info, targetDir));
    assertEquals("hash-mismatch", wrong.check());
    server.override(served, LoopbackServer.bytes(utf8("good")));
    HashMismatchException truncated = assertThrows(HashMismatchException.class, () -> u.downloadTarget(info, targetDir));
    assertEquals("length-mismatch", truncated.check());
    assertArrayEquals(utf8("good content"), Files.readAllBytes(good));
  }

  @Test
  void refusesRedirectsToAnotherHostButFollowsSameHost() throws Exception {
    try (LoopbackServer elsewhere = LoopbackServer.serving(repo)) {
      server.override("metadata/timestamp.json", LoopbackServer.redirectTo(
          elsewhere.baseUrl().replace("127.0.0.1", "localhost") + "metadata/timestamp.json"));
      IOException e = assertThrows(IOException.class, () -> updater().refresh());
      assertTrue(e.getMessage().contains("another host"), e.getMessage());
      assertEquals(List.of(), elsewhere.requests());
      server.override("metadata/timestamp.json", LoopbackServer.redirectTo("/metadata/ts-moved.json"));
      server.override("metadata/ts-moved.json", LoopbackServer.bytes(repo.file("metadata/timestamp.json")));
      updater().refresh();
      assertTrue(server.requests().contains("metadata/ts-moved.json"));
    }
  }

  @Test
  void badDataNeverReachesTheCache() throws Exception {
    updater().refresh();
    byte[] trustedSnapshot = Files.readAllBytes(metadataDir.resolve("snapshot.json"));
    repo.touch("targets").publish();
    // Snapshot bytes that do not match the timestamp's hash.
    String snap = "metadata/" + repo.version("snapshot") + ".snapshot.json";
    byte[] real = repo.file(snap);
    byte[] tampered = real.clone();
    tampered[tampered.length - 3] ^= 1;
    repo.putFile(snap, tampered);
    assertThrows(HashMismatchException.class, () -> updater().refresh());
    assertArrayEquals(trustedSnapshot, Files.readAllBytes(metadataDir.resolve("snapshot.json")));
    // Malformed JSON with the right length and hash is impossible; malformed timestamp is refused.
    repo.putFile(snap, real);
    server.override("metadata/timestamp.json", LoopbackServer.bytes(utf8("{\"signed\": ")));
    assertThrows(MetadataFormatException.class, () -> updater().refresh());
    server.clearOverrides();
    updater().refresh();
    assertEquals(repo.version("snapshot"), cachedVersion("snapshot"));
    try (var files = Files.list(metadataDir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temp files left");
    }
  }

  @Test
  void worksWithoutConsistentSnapshotsAndWithoutMetaHashes() throws Exception {
    TestRepository plain = new TestRepository(Key.ECDSA_P256, false).hashesInMeta(false);
    plain.addTarget("targets", "c.txt", utf8("plain"), null);
    plain.publish();
    try (LoopbackServer s = LoopbackServer.serving(plain)) {
      Path dir = tmp.resolve("plain");
      Updater.initialize(dir, plain.initialRoot());
      Updater u = Updater.builder().metadataDir(dir).metadataBaseUrl(s.metadataUrl()).targetBaseUrl(s.targetsUrl()).build();
      TargetFile t = u.getTargetInfo("c.txt").orElseThrow();
      assertArrayEquals(utf8("plain"), Files.readAllBytes(u.downloadTarget(t, targetDir)));
      assertTrue(s.requests().containsAll(List.of("metadata/snapshot.json", "metadata/targets.json", "targets/c.txt")),
          s.requests().toString());
    }
  }

  @Test
  void twoUpdatersOnOneCacheSerialiseOnItsLock() throws Exception {
    repo.delegateSuccinct("targets", 4, "bins");
    repo.addTargetToBin("targets", "f", utf8("f"));
    repo.publish();
    List<Thread> threads = new java.util.ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread t = new Thread(() -> {
        try {
          assertTrue(updater().getTargetInfo("f").isPresent());
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(List.of(), failures);
    assertEquals(repo.version("snapshot"), cachedVersion("snapshot"));
  }
}
