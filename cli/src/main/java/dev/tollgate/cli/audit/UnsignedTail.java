package dev.tollgate.cli.audit;

import dev.tollgate.provenance.audit.AuditReport;
import java.io.PrintWriter;

/** How the commands that list records ('verify', 'query') speak of records no checkpoint covers. */
final class UnsignedTail {
  static final String HELP = "Do not fail on records after the latest signed checkpoint; mark each one UNSIGNED"
      + " instead. The log key has not vouched for them: a writer that crashed before signing leaves them, and so"
      + " does anyone who appends to the file.";
  static final String HINT = "hint: records after the latest checkpoint are not covered by the log key;"
      + " --accept-unsigned-tail accepts them, each marked UNSIGNED";

  private UnsignedTail() {}

  /** One line per listed unsigned record, and how many more there are. */
  static void print(PrintWriter out, AuditReport r) {
    r.unsigned().forEach(u -> out.println("UNSIGNED record " + u.index() + " at offset " + u.offset() + ": "
        + u.summary()));
    if (r.unsignedRecords() > r.unsigned().size()) {
      out.println("... and " + (r.unsignedRecords() - r.unsigned().size()) + " more unsigned records");
    }
  }

  /** The refusal for a log with unsigned records when they were not accepted. */
  static String refusal(AuditReport r) {
    AuditReport.Unsigned first = r.unsigned().get(0);
    return "record " + first.index() + " at offset " + first.offset() + " is not covered by any signed checkpoint ("
        + r.unsignedRecords() + " unsigned record(s) from there on); --accept-unsigned-tail lists them marked"
        + " UNSIGNED";
  }
}
