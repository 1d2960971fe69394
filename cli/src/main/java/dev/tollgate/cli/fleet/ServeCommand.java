package dev.tollgate.cli.fleet;

import dev.tollgate.cli.audit.Keys;
import dev.tollgate.fleet.collector.CollectorServer;
import dev.tollgate.fleet.collector.DecisionLog;
import dev.tollgate.fleet.collector.Enrollment;
import dev.tollgate.fleet.store.ReportStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run the health-report collector: endpoints POST signed reports to /v1/reports; each is"
        + " checked (size, grammar, Ed25519 signature, enrollment, replay) and stored durably before it is"
        + " accepted. Refusals (oversized, malformed, unenrolled, forged, replayed) are counted at"
        + " /v1/refusals. Per-rollout aggregates are served at /v1/rollouts/ID and the signed reports"
        + " behind them at /v1/rollouts/ID/reports. Binds loopback unless --host says otherwise; put a"
        + " TLS reverse proxy (nginx) in front of it for endpoints on other hosts.",
        "Storage: an embedded SQLite file (--db; WAL, synchronous=FULL), or PostgreSQL through a JDBC URL"
            + " (--jdbc) for several collectors sharing one database. The schema is created or migrated on"
            + " start.",
        "The release engineer's page is served at / (plain HTML, no script): rollouts, health per stage and,"
            + " with --provenance-log and --log-verifier-key, the steering decisions and halted state as the"
            + " repository's provenance log records them (read-only, audited against the key on every load)."},
    footerHeading = "%nExamples:%n",
    footer = {"  tollgate fleet serve --db /var/lib/tollgate/fleet.db --enroll first-use",
        "  tollgate fleet serve --jdbc jdbc:postgresql://db.internal/fleet --db-user collector \\",
        "      --db-password-file /etc/tollgate/db.pass --enroll preshared --devices /etc/tollgate/devices.txt \\",
        "      --host 0.0.0.0 --port 8443",
        "",
        "Exit codes: 0 stopped, 2 usage error (bad option, enrollment list that breaks its grammar),"
            + " 3 database or network error (cannot open the store, port in use)."})
final class ServeCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Database database;

  static final class Database {
    @Option(names = "--db", paramLabel = "FILE", description = "SQLite database file (created if absent).")
    Path sqlite;

    @Option(names = "--jdbc", paramLabel = "URL", description = "PostgreSQL JDBC URL, e.g."
        + " jdbc:postgresql://HOST/DB (no password in it: see --db-password-file).")
    String jdbc;
  }

  @Option(names = "--db-user", paramLabel = "NAME", description = "PostgreSQL user.")
  String user;

  @Option(names = "--db-password-file", paramLabel = "FILE", description = "File holding the PostgreSQL password.")
  Path passwordFile;

  @Option(names = "--enroll", paramLabel = "MODE", required = true,
      description = "Who may report: 'preshared' (only the devices in --devices) or 'first-use' (any device,"
          + " bound to the key of its first accepted report).")
  String enroll;

  @Option(names = "--devices", paramLabel = "FILE",
      description = "Pre-shared enrollment list: one 'DEVICE_ID ed25519:KEY' per line (tollgate fleet device-key).")
  Path devices;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to bind (default 127.0.0.1).")
  String host;

  @Option(names = "--provenance-log", paramLabel = "DIR",
      description = "The repository's provenance log, read (never written) to show rollout decisions on the page.")
  Path provenanceLog;

  @Option(names = "--log-verifier-key", paramLabel = "KEY",
      description = "The provenance log's verifier key (name+id+key, @FILE, or a file path).")
  String logVerifierKey;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8443", description = "Port (default 8443; 0 picks a free one).")
  int port;

  @Override
  public Integer call() throws Exception {
    Enrollment enrollment = enrollment();
    String url = database.sqlite != null ? ReportStore.sqliteUrl(database.sqlite) : database.jdbc;
    if (database.jdbc != null && database.jdbc.contains("password=")) {
      throw new IllegalArgumentException("--jdbc: put the password in --db-password-file, not in the URL");
    }
    String password = passwordFile == null ? null : Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
    Optional<DecisionLog> decisions = decisionLog();
    PrintWriter out = spec.commandLine().getOut();
    try (ReportStore store = ReportStore.open(url, user, password);
        CollectorServer server = CollectorServer.start(host, port, store, enrollment, decisions, Clock.systemUTC(),
            System.err)) {
      out.println("collecting health reports at " + server.baseUri() + "v1/reports (enrollment: " + enrollment
          + "; aggregates: " + server.baseUri() + "v1/rollouts/ID)");
      out.flush();
      server.join();
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
      out.println("stopped collecting");
    }
    return 0;
  }

  private Optional<DecisionLog> decisionLog() throws IOException {
    if (provenanceLog == null && logVerifierKey == null) {
      return Optional.empty();
    }
    if (provenanceLog == null || logVerifierKey == null) {
      throw new IllegalArgumentException("--provenance-log and --log-verifier-key go together");
    }
    return Optional.of(new DecisionLog(provenanceLog, Keys.verifier(logVerifierKey)));
  }

  private Enrollment enrollment() throws IOException {
    switch (enroll) {
      case "first-use" -> {
        if (devices != null) {
          throw new IllegalArgumentException("--devices is for --enroll preshared; first-use takes no list");
        }
        return Enrollment.firstUse();
      }
      case "preshared" -> {
        if (devices == null) {
          throw new IllegalArgumentException("--enroll preshared needs --devices FILE");
        }
        return Enrollment.preshared(devices);
      }
      default -> throw new IllegalArgumentException("--enroll: '" + enroll + "' is not preshared or first-use");
    }
  }
}
