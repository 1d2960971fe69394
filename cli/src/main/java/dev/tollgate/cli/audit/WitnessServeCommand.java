package dev.tollgate.cli.audit;

import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.VerifierKey;
import dev.tollgate.provenance.note.WitnessKey;
import dev.tollgate.provenance.witness.Witness;
import dev.tollgate.provenance.witness.WitnessPolicy;
import dev.tollgate.provenance.witness.WitnessState;
import dev.tollgate.witness.WitnessServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs a C2SP tlog-witness over HTTP. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run a witness (C2SP tlog-witness): logs POST /add-checkpoint with the size the witness last cosigned,"
          + " a consistency proof and a checkpoint. The witness checks the log's signature (403 if missing or"
          + " bad, 404 for a log not in --logs), the old size against its own (409 with its size as"
          + " text/x.tlog.size), the proof (422), writes the checkpoint to --state durably and only then"
          + " returns its tlog-cosignature/v1 Ed25519 cosignature with the time. Requests for one log are"
          + " handled one at a time. GET /<hex SHA-256 of origin>/checkpoint serves the latest cosigned"
          + " checkpoint. Binds loopback unless --host says otherwise.",
      "--logs is a file of 'log <vkey>' lines (the tlog-policy grammar, '#' comments), one key per origin."
    },
    footerHeading = "%nExample:%n",
    footer = {"  tollgate audit witness serve --key /etc/tollgate/witness.key --logs /etc/tollgate/witnessed-logs \\",
        "      --state /var/lib/tollgate/witness --port 7380",
        "",
        "Exit codes: 0 stopped, 2 usage or configuration error (key file readable by others, log list"
            + " that breaks its grammar), 3 I/O or network error (state folder, port in use)."})
final class WitnessServeCommand implements Callable<Integer> {
  private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

  @Spec CommandSpec spec;

  @Option(names = "--key", required = true, paramLabel = "FILE",
      description = "The witness's secret key (tollgate audit witness keygen); must be readable by its owner only.")
  Path keyFile;

  @Option(names = "--logs", required = true, paramLabel = "FILE", description = "The logs it witnesses.")
  Path logsFile;

  @Option(names = "--state", required = true, paramLabel = "DIR",
      description = "Folder of the latest cosigned checkpoint per log (created if absent).")
  Path state;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", description = "Address to bind (default 127.0.0.1).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "7380", description = "Port (default 7380; 0 picks a free one).")
  int port;

  @Override
  public Integer call() throws Exception {
    WitnessKey key = readKey();
    List<VerifierKey> logs;
    try {
      logs = WitnessPolicy.parseLogList(Files.readAllBytes(logsFile), logsFile.toString());
    } catch (FormatException e) {
      throw new IllegalArgumentException("--logs " + e.getMessage(), e);
    }
    Witness witness = new Witness(key, logs, new WitnessState(state), Clock.systemUTC(), c -> { });
    PrintWriter out = spec.commandLine().getOut();
    try (WitnessServer server = WitnessServer.start(host, port, witness, System.err)) {
      out.println("witness " + key.verifier() + " serving " + server.submissionPrefix() + "add-checkpoint for "
          + logs.size() + " log(s): " + String.join(", ", witness.origins()));
      out.flush();
      server.join();
    } catch (InterruptedException stopped) {
      Thread.currentThread().interrupt();
      out.println("witness stopped");
    }
    return 0;
  }

  private WitnessKey readKey() throws IOException {
    if (Files.getFileStore(keyFile).supportsFileAttributeView("posix")) {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(keyFile);
      if (mode.stream().anyMatch(OTHERS::contains)) {
        throw new IllegalArgumentException("--key " + keyFile + ": the witness key is readable or writable by"
            + " others; make it owner-only (chmod 600)");
      }
    }
    try {
      return WitnessKey.read(keyFile);
    } catch (FormatException e) {
      throw new IllegalArgumentException("--key " + keyFile + ": not a witness key: " + e.getMessage()
          + " (expected PRIVATE+KEY+name+id+key of type 0x04, from tollgate audit witness keygen)", e);
    }
  }
}
