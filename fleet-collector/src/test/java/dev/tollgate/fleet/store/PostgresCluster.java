package dev.tollgate.fleet.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for tests: Debian's binaries ({@code /usr/lib/postgresql/N/bin},
 * installed by .ci/run), a new cluster in a temp folder, listening on a free loopback port, one
 * per test JVM, stopped when the JVM exits. Missing binaries fail the tests: PostgreSQL is never
 * skipped silently. As root the server runs as the {@code postgres} user (initdb refuses root).
 */
public final class PostgresCluster {
  private static final String USER = "tollgate";
  private static PostgresCluster shared;

  private final Path bin;
  private final Path base;
  private final Path data;
  private final int port;
  private final boolean asPostgres;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresCluster(Path bin, Path base, int port, boolean asPostgres) {
    this.bin = bin;
    this.base = base;
    this.data = base.resolve("data");
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** The JVM's cluster, started on first use. */
  public static synchronized PostgresCluster shared() throws IOException, InterruptedException {
    if (shared == null) {
      shared = start();
      PostgresCluster cluster = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "postgres-test-cluster-stop"));
    }
    return shared;
  }

  private static PostgresCluster start() throws IOException, InterruptedException {
    Path bin = findBinaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path base = Files.createTempDirectory("tollgate-pg-");
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data = Files.createDirectory(base.resolve("data"));
    Path run = Files.createDirectory(base.resolve("run"));
    if (root) {
      UserPrincipal postgres = base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(data, postgres);
      Files.setOwner(run, postgres);
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    PostgresCluster c = new PostgresCluster(bin, base, port, root);
    c.run("initdb", "-D", data.toString(), "-U", USER, "-A", "trust", "-E", "UTF8", "--no-sync");
    c.run("pg_ctl", "-D", data.toString(), "-l", run.resolve("server.log").toString(), "-w", "-t", "120",
        "-o", "-c listen_addresses=127.0.0.1 -p " + port + " -k " + run, "start");
    return c;
  }

  private static Path findBinaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        List<Path> found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
            .sorted().toList();
        if (!found.isEmpty()) {
          return found.get(found.size() - 1);
        }
      }
    }
    throw new IllegalStateException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin;"
        + " install Debian's 'postgresql' package (.ci/run does): the PostgreSQL store tests must run");
  }

  /** A JDBC URL of a new, empty database in this cluster. */
  public String newDatabase() throws Exception {
    String name = "t" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), USER, null);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return url(name);
  }

  public String user() {
    return USER;
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  private void stop() {
    try {
      run("pg_ctl", "-D", data.toString(), "-m", "immediate", "-w", "stop");
      try (Stream<Path> all = Files.walk(base)) {
        all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    } catch (IOException | InterruptedException e) {
      System.err.println("could not stop the test PostgreSQL cluster in " + base + ": " + e.getMessage());
    }
  }

  private void run(String tool, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(base.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
    }
  }
}
