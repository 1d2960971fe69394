package dev.tollgate.cli.audit;

import dev.tollgate.cli.RefusedException;
import dev.tollgate.io.AtomicFiles;
import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.note.VerifierKey;
import dev.tollgate.provenance.store.LogFiles;
import dev.tollgate.witness.CheckpointSubmitter;
import dev.tollgate.witness.CheckpointSubmitter.Attempt;
import dev.tollgate.witness.CheckpointSubmitter.Status;
import dev.tollgate.witness.WitnessClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Sends a log's latest checkpoint to the policy's witnesses and stores the cosigned checkpoint beside it. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Verify LOG (every record, every checkpoint), then send its latest signed checkpoint to each witness of"
          + " --policy that has a URL (C2SP tlog-witness add-checkpoint), with a consistency proof from the size"
          + " the witness last cosigned, recomputed from the records. Cosignatures are verified with the"
          + " policy's keys and written with the checkpoint to LOG/checkpoint.cosigned (or --out).",
      "Exits 1 when the cosignatures do not meet the policy's quorum (a witness that refuses with 409 or 422"
          + " has seen another history of this log), 3 when that is only because witnesses were unreachable."
    },
    footerHeading = "%nExample:%n",
    footer = {"  tollgate audit witness submit /var/lib/tollgate/provenance --key @log.vkey --policy witnesses.policy"})
final class WitnessSubmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LOG", description = "Log directory.")
  Path log;

  @Option(names = "--key", required = true, paramLabel = "VKEY", description = Keys.HELP)
  String key;

  @Option(names = "--policy", required = true, paramLabel = "FILE",
      description = "tlog-policy file naming the witnesses (with URLs) and the quorum.")
  Path policyFile;

  @Option(names = "--out", paramLabel = "FILE", description = "Write the cosigned checkpoint here instead.")
  Path out;

  @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
      description = "Per-request timeout (default 30).")
  int timeoutSeconds;

  @Option(names = "--json", description = "Print each witness's answer and the verdict as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (timeoutSeconds < 1) {
      throw new IllegalArgumentException("--timeout must be at least 1 second");
    }
    VerifierKey logKey = Keys.verifier(key);
    WitnessQuorum quorum = WitnessQuorum.load(policyFile);
    if (!quorum.policy().accepts(logKey)) {
      throw new IllegalArgumentException("--policy " + policyFile + ": the log key " + logKey
          + " is not one of its logs");
    }
    Path target = out != null ? out : new LogFiles(log).cosignedCheckpoint();
    CheckpointSubmitter.Result result;
    try (LogReader reader = LogReader.open(log, logKey)) {
      reader.checkEvidence();
      Optional<byte[]> previous = Files.exists(target) ? Optional.of(Files.readAllBytes(target)) : Optional.empty();
      result = new CheckpointSubmitter(new WitnessClient(Duration.ofSeconds(timeoutSeconds)))
          .submit(reader, quorum.policy(), previous);
    } catch (AuditException e) {
      throw new RefusedException("provenance log refused: " + e.getMessage(), e);
    }
    AtomicFiles.write(target, result.cosignedCheckpoint());
    print(result, target);
    if (!result.verdict().met()) {
      String message = "witness policy " + policyFile + ": " + result.verdict().cosignedBy().size()
          + " valid cosignature(s), quorum '" + result.verdict().quorum() + "' not met (" + target + " written)";
      boolean onlyUnreachable = result.attempts().stream()
          .noneMatch(a -> a.status() == Status.REFUSED);
      if (onlyUnreachable && result.attempts().stream().anyMatch(a -> a.status() == Status.UNREACHABLE)) {
        throw new IOException(message + "; witnesses unreachable");
      }
      throw new RefusedException(message);
    }
    return 0;
  }

  private void print(CheckpointSubmitter.Result result, Path target) {
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> attempts = new ArrayList<>();
      for (Attempt a : result.attempts()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("witness", a.witness());
        m.put("status", a.status().name().toLowerCase(java.util.Locale.ROOT));
        m.put("message", a.message());
        attempts.add(m);
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("quorumMet", result.verdict().met());
      m.put("quorum", result.verdict().quorum());
      m.put("cosignedBy", result.verdict().cosignedBy());
      m.put("witnesses", attempts);
      m.put("cosignedCheckpoint", target.toString());
      new JsonOut().print(stdout, m);
    } else {
      for (Attempt a : result.attempts()) {
        stdout.println(a.witness() + ": " + a.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + a.message());
      }
      stdout.println("cosigned checkpoint written to " + target + "; quorum '" + result.verdict().quorum() + "' "
          + (result.verdict().met() ? "met" : "NOT met"));
    }
    stdout.flush();
  }
}
