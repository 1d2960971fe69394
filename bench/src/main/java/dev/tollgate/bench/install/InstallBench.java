package dev.tollgate.bench.install;

import dev.tollgate.io.AtomicFiles;
import dev.tollgate.release.BundleKind;
import dev.tollgate.release.ReleaseAttestation;
import dev.tollgate.release.SignerIdentity;
import dev.tollgate.repo.Init;
import dev.tollgate.repo.Release;
import dev.tollgate.repo.ReleaseChecks;
import dev.tollgate.repo.Releases;
import dev.tollgate.repo.Repository;
import dev.tollgate.repo.RepositoryException;
import dev.tollgate.repo.checks.VerifyingReleaseChecks;
import dev.tollgate.repo.keys.KeyRing;
import dev.tollgate.repo.serve.RepositoryServer;
import dev.tollgate.repo.serve.ServeOptions;
import dev.tollgate.tuf.InMemorySigner;
import dev.tollgate.tuf.Key;
import dev.tollgate.tuf.Signer;
import dev.tollgate.verifier.sigstore.Artifact;
import dev.tollgate.verifier.sigstore.BundleVerifier;
import dev.tollgate.verifier.sigstore.SignerPolicy;
import dev.tollgate.verifier.sigstore.TrustedRoot;
import dev.tollgate.verifier.sigstore.VerificationReport;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Publishes one single-file model bundle of SIZE MiB (signed with a managed key) into a fresh
 * repository, serves it over loopback HTTP, then times {@code tollgate update} with a 64 MiB heap
 * end to end (refresh, Sigstore check, download with length and hash checks, install into a slot,
 * switch) on a fresh endpoint, both as {@code java -jar} and through the launcher with its
 * class-data archive, and samples peak RSS; each run is paired with {@code openssl dgst -sha256}
 * over the same file. Medians of three. Usage: {@code InstallBench WORKDIR SIZE_MIB TOLLGATE_JAR
 * LAUNCHER}.
 */
public final class InstallBench {
  private InstallBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "bench/out/install").toAbsolutePath();
    long mib = args.length > 1 ? Long.parseLong(args[1]) : 2048;
    Path jar = Path.of(args.length > 2 ? args[2] : "cli/target/tollgate.jar").toAbsolutePath();
    Path launcher = Path.of(args.length > 3 ? args[3] : "tollgate").toAbsolutePath();
    long size = mib << 20;
    Files.createDirectories(work);
    Path artifact = work.resolve("weights.bin");
    if (!Files.exists(artifact) || Files.size(artifact) != size) {
      writeRandom(artifact, size);
    }
    KeyPair buildKey = ecKey();
    Path pem = work.resolve("release-key.pem");
    Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(buildKey.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    Path bundle = work.resolve("weights.bin.sigstore.json");
    Files.write(bundle, managedKeyBundle(artifact, buildKey));

    Path repoDir = work.resolve("repo");
    deleteTree(repoDir);
    List<Signer> signers = new ArrayList<>();
    Init init = new Init();
    for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
      InMemorySigner s = InMemorySigner.generate(Key.ED25519);
      signers.add(s);
      init.key(role, s.publicKey());
    }
    KeyRing ring = KeyRing.of(signers);
    init.create(repoDir, ring, Instant.now());
    new Releases(Repository.open(repoDir), managedKeyChecks(buildKey))
        .publish(List.of(Release.of(BundleKind.MODEL, "llm", "1.0.0", artifact)
            .withBundle(bundle, new SignerIdentity("managed-key", "bench-build-key"))), ring);

    try (RepositoryServer server = RepositoryServer.start(ServeOptions.builder(repoDir).build(), System.err)) {
      // A repository server runs for weeks; the endpoint's update is what is measured, so the
      // server's first-request warm-up is paid before the clock starts.
      warmUp(server.baseUri() + "targets/", repoDir.resolve("targets"));
      Path endpoint = work.resolve("endpoint");
      Path config = endpoint.resolve("endpoint.json");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> plain = List.of(java, HEAP, "-jar", jar.toString(), "update", "-c", config.toString());
      List<String> viaLauncher = List.of(launcher.toString(), "update", "-c", config.toString());
      // The launcher records its class-data archive at the end of a run; this run makes it.
      freshEndpoint(endpoint, repoDir, server, pem, java, jar);
      run(viaLauncher);
      List<Double> openssl = new ArrayList<>();
      List<Double> cold = new ArrayList<>();
      List<Double> launched = new ArrayList<>();
      long[] peakKb = new long[1];
      for (int i = 0; i < RUNS; i++) {
        openssl.add(time(List.of("openssl", "dgst", "-sha256", artifact.toString()), new long[1]));
        freshEndpoint(endpoint, repoDir, server, pem, java, jar);
        cold.add(time(plain, peakKb));
        checkInstalled(endpoint, size);
        freshEndpoint(endpoint, repoDir, server, pem, java, jar);
        launched.add(time(viaLauncher, peakKb));
        checkInstalled(endpoint, size);
      }
      double mb = size / 1e6;
      double base = median(openssl);
      System.out.printf(Locale.ROOT, "install benchmark: %d MiB single-file bundle, median of %d runs%n", mib, RUNS);
      System.out.printf(Locale.ROOT, "  openssl dgst -sha256                    %7.2f s  %8.1f MB/s%n", base, mb / base);
      report("tollgate update, java -Xmx64m -jar", median(cold), mb, base);
      report("tollgate update, launcher (CDS)", median(launched), mb, base);
      System.out.printf(Locale.ROOT, "  peak RSS of any update run: %.0f MiB%n", peakKb[0] / 1024.0);
    }
  }

  private static final int RUNS = 3;
  /** The heap cap of every measured update (the launcher reads it from TOLLGATE_JAVA_OPTS). */
  private static final String HEAP = "-Xmx64m";

  private static void report(String what, double seconds, double mb, double opensslSeconds) {
    System.out.printf(Locale.ROOT, "  %-38s %7.2f s  %8.1f MB/s  = %.0f%% of openssl%n", what, seconds, mb / seconds,
        100 * opensslSeconds / seconds);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  /** Reads every published target once, discarding the bytes. */
  private static void warmUp(String targetsUrl, Path targets) throws Exception {
    dev.tollgate.tuf.Fetcher http = dev.tollgate.tuf.http.OkHttpFetcher.builder().build();
    try (var files = Files.walk(targets)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        try (java.io.InputStream in = http.open(targetsUrl + targets.relativize(f))) {
          in.transferTo(OutputStream.nullOutputStream());
        }
      }
    }
  }

  /** A just-installed endpoint: pinned root, configuration, initialised state, nothing downloaded. */
  private static void freshEndpoint(Path endpoint, Path repoDir, RepositoryServer server, Path pem, String java,
      Path jar) throws Exception {
    deleteTree(endpoint);
    Files.createDirectories(endpoint);
    Files.copy(repoDir.resolve("metadata/1.root.json"), endpoint.resolve("root.json"));
    // A managed-key bundle needs no certificate authority or log, but the check still wants a
    // trusted root: pin a file so the benchmark never reaches for the network.
    Files.write(endpoint.resolve("trusted_root.json"), TrustedRoot.publicGood().json());
    Path config = endpoint.resolve("endpoint.json");
    Files.writeString(config, """
        { "repository": { "metadata_url": "%smetadata/", "targets_url": "%stargets/", "root": "root.json" },
          "state_dir": "state",
          "kinds": { "model": { "sigstore": { "public_key": "%s", "allow_missing_transparency_log": true,
                                              "trusted_root": "trusted_root.json" } } },
          "bundles": [ { "kind": "model", "name": "llm" } ] }
        """.formatted(server.baseUri(), server.baseUri(), pem));
    run(List.of(java, "-jar", jar.toString(), "init", "-c", config.toString()));
  }

  private static void checkInstalled(Path endpoint, long size) throws java.io.IOException {
    Path installed = endpoint.resolve("state/model/llm/current/weights.bin");
    if (Files.size(installed) != size) {
      throw new IllegalStateException("installed file has the wrong size");
    }
  }

  private static ReleaseChecks managedKeyChecks(KeyPair key) {
    return new ReleaseChecks() {
      @Override
      public Optional<ReleaseAttestation> verifyBundle(Path bundle, Path artifact, SignerIdentity signer)
          throws RepositoryException {
        try {
          Artifact subject = Artifact.ofFile(artifact);
          VerificationReport r = BundleVerifier.verify(Files.readAllBytes(bundle), subject,
              SignerPolicy.publicKey(key.getPublic()).allowMissingTransparencyLog(true).build(),
              TrustedRoot.publicGood());
          if (!r.passed()) {
            throw new RepositoryException("bundle does not verify: " + r.summary());
          }
          return VerifyingReleaseChecks.attestation(bundle, r, subject);
        } catch (java.io.IOException e) {
          throw new RepositoryException("bundle unreadable: " + e.getMessage(), e);
        }
      }

      @Override
      public void checkSbom(Path sbom, byte[] artifactSha256) throws RepositoryException {
        throw new RepositoryException("this benchmark publishes no SBOM");
      }
    };
  }

  private static KeyPair ecKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  /** The release attestation of model llm 1.0.0, as {@code tollgate sign --key} writes it. */
  private static byte[] managedKeyBundle(Path artifact, KeyPair key) throws Exception {
    byte[] statement = new ReleaseAttestation(BundleKind.MODEL, "llm", "1.0.0", 0)
        .statement(artifact.getFileName().toString(), Artifact.ofFile(artifact).sha256());
    return dev.tollgate.verifier.sigstore.sign.KeyBundleSigner.of(key)
        .signDsse(ReleaseAttestation.PAYLOAD_TYPE, statement);
  }

  private static void writeRandom(Path file, long size) throws Exception {
    SplittableRandom r = new SplittableRandom(42);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long done = 0; done < size; done += block.length) {
        r.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, size - done));
      }
    }
  }

  /** Runs {@code command}, returns wall seconds; samples VmHWM (peak RSS, KiB) into {@code peakKb[0]}. */
  private static double time(List<String> command, long[] peakKb) throws Exception {
    long start = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("TOLLGATE_JAVA_OPTS", HEAP);
    Process p = pb.start();
    Path status = Path.of("/proc", Long.toString(p.pid()), "status");
    while (p.isAlive()) {
      try {
        for (String line : Files.readAllLines(status)) {
          if (line.startsWith("VmHWM:")) {
            peakKb[0] = Math.max(peakKb[0], Long.parseLong(line.replaceAll("[^0-9]", "")));
          }
        }
      } catch (java.io.IOException e) {
        break; // the process ended between the check and the read
      }
      Thread.sleep(10);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (p.waitFor() != 0) {
      throw new IllegalStateException(command + " exited " + p.exitValue());
    }
    return seconds;
  }

  private static void run(List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put("TOLLGATE_JAVA_OPTS", HEAP);
    Process p = pb.start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(command + " exited " + p.exitValue());
    }
  }

  private static void deleteTree(Path p) throws java.io.IOException {
    AtomicFiles.deleteTree(p);
  }
}
