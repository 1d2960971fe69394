package dev.tollgate.cli.audit;

import dev.tollgate.cli.RefusedException;
import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.provenance.audit.AuditReport;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.audit.RecordQuery;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists records matching filters, each with its index. */
@Command(
    name = "query",
    description = {
      "List the records that match every given filter, in log order, each with its index (use the index"
          + " with 'audit prove'). The log is checked as 'audit verify' checks it (derived files aside) before"
          + " anything is listed; a log that fails exits 1. Records no signed checkpoint covers make it exit 1"
          + " too, unless --accept-unsigned-tail, which lists them marked UNSIGNED.",
      "Actions: an endpoint logs update.select, update.verify, update.download, update.health, update.commit,"
          + " update.rollback and update.recover; a repository logs publish, revoke, rotate-key and rollout-*."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  tollgate audit query ./provenance --key log.vkey --name desk-agent --action update.commit"
          + " --since 2026-11-29 --json",
      "  tollgate audit query ./provenance --key log.vkey --action update --outcome refused"
    })
final class QueryCommand implements Callable<Integer> {
  private static final int ACTIONS_NAMED = 50;

  @picocli.CommandLine.Mixin dev.tollgate.cli.HelpOption helpOption;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LOG", description = "Log directory.")
  Path log;

  @Option(names = "--key", required = true, paramLabel = "VKEY", description = Keys.HELP)
  String key;

  @Option(names = "--name", paramLabel = "NAME", description = "Subject name, e.g. desk-agent.") String name;
  @Option(names = "--version", paramLabel = "VERSION", description = "Subject version.") String version;
  @Option(names = "--digest", paramLabel = "sha256:HEX", description = "Subject digest, e.g. sha256:...") String digest;
  @Option(names = "--action", paramLabel = "ACTION", description = "Action (update.commit), or a family of them (update: every update.*).")
  String action;
  @Option(names = "--actor", paramLabel = "ACTOR", description = "Actor, e.g. endpoint:acme-desk-0117.") String actor;
  @Option(names = "--outcome", paramLabel = "OUTCOME", description = "Outcome, e.g. ok, refused, failed.") String outcome;
  @Option(names = "--since", paramLabel = "TIME", converter = TimeArg.class,
      description = "At or after TIME: a date (2026-11-29, from midnight UTC) or an RFC 3339 time"
          + " (2026-11-29T10:00:00Z).")
  Instant since;
  @Option(names = "--until", paramLabel = "TIME", converter = TimeArg.class,
      description = "Before TIME (same forms as --since).")
  Instant until;
  @Option(names = "--from", paramLabel = "INDEX", description = "Start at this record index.") long from;
  @Option(names = "--limit", paramLabel = "N", description = "Stop after N matches.") Long limit;

  @Option(names = "--accept-unsigned-tail", description = UnsignedTail.HELP)
  boolean acceptUnsignedTail;

  @Option(names = "--json", description = "One JSON object per line: {\"index\":..,\"signed\":..,\"record\":{..}}.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    RecordQuery.Builder q = RecordQuery.builder().name(name).version(version).digest(digest).action(action)
        .actor(actor).outcome(outcome).since(since).until(until).fromIndex(from);
    if (limit != null) {
      q.limit(limit);
    }
    PrintWriter out = spec.commandLine().getOut();
    JsonOut j = new JsonOut();
    long[] found = {0};
    try (LogReader reader = LogReader.open(log, Keys.verifier(key))) {
      AuditReport checked = reader.checkEvidence();
      if (checked.unsignedRecords() > 0 && !acceptUnsignedTail) {
        throw new RefusedException(UnsignedTail.refusal(checked));
      }
      reader.query(q.build(), r -> {
        found[0]++;
        if (json) {
          j.print(out, j.record(r));
        } else {
          out.println(r.index() + "  " + (r.signed() ? "" : "UNSIGNED  ") + r.record().summary());
        }
      });
      out.flush();
      if (found[0] == 0 && action != null) {
        spec.commandLine().getErr().println("no record has action " + action + " (or " + action + ".*); actions in"
            + " this log: " + String.join(", ", actions(reader)));
      }
    } catch (AuditException e) {
      throw new RefusedException(e.getMessage(), e);
    }
    return 0;
  }

  /** The distinct actions the log holds (the first few dozen), to correct a filter that matched nothing. */
  private static Set<String> actions(LogReader reader) throws IOException, AuditException {
    Set<String> seen = new TreeSet<>();
    reader.query(RecordQuery.builder().build(), r -> {
      if (seen.size() < ACTIONS_NAMED) {
        seen.add(r.record().action());
      }
    });
    return seen;
  }
}
