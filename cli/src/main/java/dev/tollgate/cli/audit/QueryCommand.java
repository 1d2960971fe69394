package dev.tollgate.cli.audit;

import dev.tollgate.cli.RefusedException;
import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.audit.RecordQuery;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
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
          + " with 'audit prove'). Streams the records file; the log's checkpoint must verify with --key."
    },
    footerHeading = "%nExample:%n",
    footer = {"  tollgate audit query ./provenance --key @log.vkey --name desk-agent --action install"
        + " --since 2026-12-01T00:00:00Z --json"})
final class QueryCommand implements Callable<Integer> {
  @picocli.CommandLine.Mixin dev.tollgate.cli.HelpOption helpOption;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "LOG", description = "Log directory.")
  Path log;

  @Option(names = "--key", required = true, paramLabel = "VKEY", description = "Verifier key, or @FILE.")
  String key;

  @Option(names = "--name", description = "Subject name.") String name;
  @Option(names = "--version", description = "Subject version.") String version;
  @Option(names = "--digest", description = "Subject digest, e.g. sha256:...") String digest;
  @Option(names = "--action", description = "Action, e.g. install, verify, publish.") String action;
  @Option(names = "--actor", description = "Actor.") String actor;
  @Option(names = "--outcome", description = "Outcome, e.g. ok, refused.") String outcome;
  @Option(names = "--since", paramLabel = "TIME", description = "At or after this RFC 3339 UTC time.") Instant since;
  @Option(names = "--until", paramLabel = "TIME", description = "Before this RFC 3339 UTC time.") Instant until;
  @Option(names = "--from", paramLabel = "INDEX", description = "Start at this record index.") long from;
  @Option(names = "--limit", paramLabel = "N", description = "Stop after N matches.") Long limit;

  @Option(names = "--json", description = "One JSON object per line: {\"index\":..,\"record\":{..}}.")
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
    try (LogReader reader = LogReader.open(log, Keys.verifier(key))) {
      reader.query(q.build(), r -> {
        if (json) {
          j.print(out, j.record(r));
        } else {
          out.println(r.index() + "  " + JsonOut.summary(r.record()));
        }
      });
    } catch (AuditException e) {
      throw new RefusedException(e.getMessage(), e);
    }
    out.flush();
    return 0;
  }
}
