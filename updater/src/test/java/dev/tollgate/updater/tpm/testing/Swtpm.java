package dev.tollgate.updater.tpm.testing;

import dev.tollgate.updater.tpm.TpmTools;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real software TPM for tests: {@code swtpm_setup} manufactures a fresh TPM 2.0 state with EK
 * certificates from a private swtpm local CA (per-instance config and CA dir, nothing global is
 * touched), and {@code swtpm socket} serves it on free loopback ports. {@link #reboot()} resets
 * the TPM through the control channel, as a power cycle would.
 */
public final class Swtpm implements AutoCloseable {
  private static final List<String> PROGRAMS = List.of("swtpm", "swtpm_setup", "swtpm_ioctl",
      "swtpm_localca", "tpm2_quote", "tpm2_checkquote", "tpm2_createak", "tpm2_startup");

  private final Path dir;
  private final int port;
  private final int ctrlPort;
  private final Process process;

  private Swtpm(Path dir, int port, int ctrlPort, Process process) {
    this.dir = dir;
    this.port = port;
    this.ctrlPort = ctrlPort;
    this.process = process;
  }

  /** Which of the needed programs are missing from PATH; empty when swtpm tests can run. */
  public static List<String> missingPrograms() {
    List<String> missing = new ArrayList<>();
    for (String p : PROGRAMS) {
      if (which(p) == null) {
        missing.add(p);
      }
    }
    return missing;
  }

  private static Path which(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(d.isEmpty() ? "." : d, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    for (String d : List.of("/usr/bin", "/usr/sbin", "/bin")) {
      Path p = Path.of(d, program);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * For tests: skips the test class (a JUnit assumption naming what is missing) unless the swtpm
   * and tpm2-tools programs are installed, else starts a fresh TPM in {@code parent/tpm}.
   */
  public static Swtpm startOrSkip(Path parent) throws IOException, InterruptedException {
    Assumptions.assumeTrue(missingPrograms().isEmpty(),
        "swtpm/tpm2-tools programs missing (.ci/run installs them): " + missingPrograms());
    return start(Files.createDirectories(parent.resolve("tpm")));
  }

  /** Manufactures a TPM under {@code dir} and starts serving it. */
  public static Swtpm start(Path dir) throws IOException, InterruptedException {
    Path state = Files.createDirectories(dir.resolve("state"));
    Path ca = Files.createDirectories(dir.resolve("localca"));
    Path caConf = dir.resolve("swtpm-localca.conf");
    Files.writeString(caConf, "statedir = " + ca + "\n"
        + "signingkey = " + ca.resolve("signkey.pem") + "\n"
        + "issuercert = " + ca.resolve("issuercert.pem") + "\n"
        + "certserial = " + ca.resolve("certserial") + "\n");
    Path caOptions = Files.writeString(dir.resolve("swtpm-localca.options"), "");
    Path setupConf = dir.resolve("swtpm_setup.conf");
    Files.writeString(setupConf, "create_certs_tool = " + which("swtpm_localca") + "\n"
        + "create_certs_tool_config = " + caConf + "\n"
        + "create_certs_tool_options = " + caOptions + "\n"
        + "active_pcr_banks = sha256\n");
    run(dir, List.of("swtpm_setup", "--tpm2", "--tpmstate", state.toString(), "--create-ek-cert",
        "--config", setupConf.toString(), "--logfile", dir.resolve("setup.log").toString(),
        "--overwrite"));
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      // The swtpm TCTI always finds the control channel on the next port up.
      int port = freePortPair();
      int ctrl = port + 1;
      Process p = new ProcessBuilder("swtpm", "socket", "--tpm2",
          "--tpmstate", "dir=" + state,
          "--server", "type=tcp,port=" + port + ",bindaddr=127.0.0.1",
          "--ctrl", "type=tcp,port=" + ctrl + ",bindaddr=127.0.0.1",
          "--flags", "not-need-init,startup-clear",
          "--log", "file=" + dir.resolve("swtpm.log"))
          .redirectErrorStream(true).redirectOutput(dir.resolve("swtpm.out").toFile()).start();
      if (waitListening(port, p)) {
        return new Swtpm(dir, port, ctrl, p);
      }
      p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      last = new IOException("swtpm did not start on port " + port + ": "
          + Files.readString(dir.resolve("swtpm.out")));
    }
    throw last;
  }

  private static boolean waitListening(int port, Process p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        return false;
      }
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return true;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    return false;
  }

  private static int freePortPair() throws IOException {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = s.getLocalPort();
        if (port < 65535) {
          try (ServerSocket next = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
            return port;
          } catch (IOException taken) {
            // try another pair
          }
        }
      }
    }
    throw new IOException("no two adjacent free loopback ports found");
  }

  private static String run(Path dir, List<String> command) throws IOException,
      InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(command.get(0) + " failed: " + out);
    }
    return out;
  }

  public String tcti() {
    return "swtpm:host=127.0.0.1,port=" + port;
  }

  public TpmTools tools() {
    return TpmTools.builder().tcti(tcti()).build();
  }

  /** swtpm's local CA: its self-signed root and the intermediate that signs EK certificates. */
  public List<X509Certificate> manufacturerCas() throws IOException {
    List<X509Certificate> cas = new ArrayList<>();
    for (String f : List.of("swtpm-localca-rootca-cert.pem", "issuercert.pem")) {
      try (InputStream in = Files.newInputStream(dir.resolve("localca").resolve(f))) {
        cas.add((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
      } catch (CertificateException e) {
        throw new IOException("swtpm local CA file " + f + " is not a certificate", e);
      }
    }
    return cas;
  }

  /** The PEM files of the local CA (root first), as a CLI user would pass them. */
  public List<Path> manufacturerCaFiles() {
    return List.of(dir.resolve("localca").resolve("swtpm-localca-rootca-cert.pem"),
        dir.resolve("localca").resolve("issuercert.pem"));
  }

  /** Resets the TPM (a reboot: PCRs cleared, resetCount incremented) and starts it up again. */
  public void reboot() throws IOException, InterruptedException {
    run(dir, List.of("swtpm_ioctl", "--tcp", "127.0.0.1:" + ctrlPort, "-i"));
    tools().run(dir, "tpm2_startup", "-c");
  }

  /** Runs a tpm2-tools program against this TPM and returns its output. */
  public String tool(String... args) throws IOException {
    return tools().run(dir, args[0], Arrays.copyOfRange(args, 1, args.length));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
