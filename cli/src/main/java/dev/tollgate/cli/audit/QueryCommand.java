package dev.tollgate.cli.audit;

import dev.tollgate.cli.RefusedException;
import dev.tollgate.provenance.audit.AuditException;
import dev.tollgate.provenance.ProvenanceRecord;
import dev.tollgate.provenance.audit.AuditReport;
import dev.tollgate.provenance.audit.IndexedRecord;
import dev.tollgate.provenance.audit.LogReader;
import dev.tollgate.provenance.audit.RecordQuery;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Lists records matching filters, each with its index; over several logs, merged in time order. */
@Command(
    name = "query",
    description = {
      "List the records that match every given filter, in log order, each with its index (use the index"
          + " with 'audit prove'). The log is checked as 'audit verify' checks it (derived files aside) before"
          + " anything is listed; a log that fails exits 1. Records no signed checkpoint covers make it exit 1"
          + " too, unless --accept-unsigned-tail, which lists them marked UNSIGNED.",
      "Several logs (a repository's and its endpoints') are queried together when given one after another,"
          + " each with its own --key in the same order (or one --key for all): the matches are merged in time"
          + " order and each line names its log. With --name plugin/pdf-export --version 1.2.0 that is one"
          + " release from publish through rollout to every install. Lines show the signer and the TUF role,"
          + " version and key ids that approved the release, where the record names them (record schema 2).",
      "Actions: an endpoint logs update.select, update.verify, update.download, update.health, update.commit,"
          + " update.rollback, update.stop, update.recover and update.config; a repository logs publish, revoke,"
          + " rotate-key, rollout-* and rollout-steer."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  tollgate audit query ./provenance --key log.vkey --name desk-agent --action update.commit"
          + " --since 2026-11-29 --json",
      "  tollgate audit query /srv/tuf-log ./host-1/log ./host-2/log --key repo.vkey --key host-1.vkey"
          + " --key host-2.vkey --name plugin/pdf-export --version 1.2.0",
      "  tollgate audit query ./provenance --key log.vkey --action update --outcome refused"
    })
final class QueryCommand implements Callable<Integer> {
  private static final int ACTIONS_NAMED = 50;

  @picocli.CommandLine.Mixin dev.tollgate.cli.HelpOption helpOption;

  @Spec CommandSpec spec;

  @Parameters(index = "0..*", arity = "1..*", paramLabel = "LOG", description = "Log directory; several to merge.")
  List<Path> logs;

  @Option(names = "--key", required = true, paramLabel = "VKEY",
      description = Keys.HELP + " Once per LOG, in the same order, or once for all.")
  List<String> keys;

  @Option(names = {"--name", "--subject"}, paramLabel = "NAME",
      description = "Subject name: plugin/pdf-export, or desk-agent for any kind.")
  String name;
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
  @Option(names = "--from", paramLabel = "INDEX", description = "Start at this record index (in each log).")
  long from;
  @Option(names = "--limit", paramLabel = "N", description = "Stop after N matches.") Long limit;

  @Option(names = "--accept-unsigned-tail", description = UnsignedTail.HELP)
  boolean acceptUnsignedTail;

  @Option(names = "--json",
      description = "One JSON object per line: {\"log\":..,\"index\":..,\"signed\":..,\"record\":{..}}.")
  boolean json;

  private final JsonOut jsonOut = new JsonOut();

  /** One match, with the log it came from. */
  private record Match(String log, IndexedRecord record) {}

  @Override
  public Integer call() throws Exception {
    if (keys.size() != 1 && keys.size() != logs.size()) {
      throw new IllegalArgumentException("--key: give one verifier key per LOG (" + logs.size() + " logs, "
          + keys.size() + " keys) or one for all");
    }
    RecordQuery.Builder q = RecordQuery.builder().name(name).version(version).digest(digest).action(action)
        .actor(actor).outcome(outcome).since(since).until(until).fromIndex(from);
    if (limit != null) {
      q.limit(limit);
    }
    // One log streams in log order; several are merged by record time (stable: log order, then index).
    boolean merge = logs.size() > 1;
    List<Match> merged = new ArrayList<>();
    long[] found = {0};
    Set<String> actionsSeen = new TreeSet<>();
    for (int i = 0; i < logs.size(); i++) {
      Path log = logs.get(i);
      String where = merge ? log + ": " : "";
      try (LogReader reader = LogReader.open(log, Keys.verifier(keys.get(keys.size() == 1 ? 0 : i)))) {
        AuditReport checked = reader.checkEvidence();
        if (checked.unsignedRecords() > 0 && !acceptUnsignedTail) {
          throw new RefusedException(where + UnsignedTail.refusal(checked));
        }
        long before = found[0];
        reader.query(q.build(), r -> {
          found[0]++;
          Match m = new Match(log.toString(), r);
          if (merge) {
            merged.add(m);
          } else {
            print(m);
          }
        });
        if (found[0] == before && action != null) {
          actionsSeen.addAll(actions(reader));
        }
      } catch (AuditException e) {
        throw new RefusedException(where + e.getMessage(), e);
      }
    }
    merged.sort(Comparator.comparing((Match m) -> m.record().record().time()));
    merged.stream().limit(limit == null ? Long.MAX_VALUE : limit).forEach(this::print);
    spec.commandLine().getOut().flush();
    if (found[0] == 0 && action != null) {
      spec.commandLine().getErr().println("no record has action " + action + " (or " + action + ".*); actions in"
          + (logs.size() == 1 ? " this log: " : " these logs: ") + String.join(", ", actionsSeen));
    }
    return 0;
  }

  private void print(Match m) {
    PrintWriter out = spec.commandLine().getOut();
    IndexedRecord r = m.record();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("log", m.log());
      o.putAll(jsonOut.record(r));
      jsonOut.print(out, o);
    } else {
      out.println((logs.size() == 1 ? "" : m.log() + "  ") + r.index() + "  " + (r.signed() ? "" : "UNSIGNED  ")
          + r.record().summary() + who(r.record()));
    }
  }

  /** Who signed the release and who let it in, as far as the record says. */
  static String who(ProvenanceRecord r) {
    StringBuilder b = new StringBuilder();
    r.signer().ifPresent(s -> {
      b.append("  signer ");
      if (s.identity() != null) {
        b.append(s.identity()).append(s.issuer() == null ? "" : " (" + s.issuer() + ")");
      } else {
        b.append("key ").append(s.key());
      }
    });
    r.approval().ifPresent(a -> b.append("  approved by ").append(a.role()).append(" v").append(a.version())
        .append(" keys ").append(String.join(",", a.keyIds())));
    return b.toString();
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
