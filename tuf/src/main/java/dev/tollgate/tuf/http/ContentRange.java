package dev.tollgate.tuf.http;

import dev.tollgate.io.Printable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code Content-Range} header of a 206 answer to a single-range request (RFC 9110, 14.4),
 * checked against this grammar before anything uses it:
 * {@code "bytes" SP FIRST "-" LAST "/" (COMPLETE / "*")}, each number 1-18 decimal digits, with
 * FIRST &lt;= LAST and, when the complete length is given, LAST &lt; COMPLETE.
 *
 * @param first the first byte of the file the body holds
 * @param last the last byte of the file the body holds
 * @param complete the length of the whole file, -1 when the server wrote "*"
 */
record ContentRange(long first, long last, long complete) {
  private static final Pattern GRAMMAR = Pattern.compile("bytes ([0-9]{1,18})-([0-9]{1,18})/([0-9]{1,18}|\\*)");

  /** The parsed header; outside the grammar throws, quoting the header printably. */
  static ContentRange parse(String header) throws MalformedContentRange {
    if (header == null) {
      throw new MalformedContentRange("no Content-Range header");
    }
    Matcher m = GRAMMAR.matcher(header);
    if (!m.matches()) {
      throw new MalformedContentRange("Content-Range '" + Printable.of(header) + "' is not 'bytes FIRST-LAST/LENGTH'");
    }
    long first = Long.parseLong(m.group(1));
    long last = Long.parseLong(m.group(2));
    long complete = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
    if (first > last || (complete >= 0 && last >= complete)) {
      throw new MalformedContentRange("Content-Range '" + header + "' is not a range inside the file");
    }
    return new ContentRange(first, last, complete);
  }

  /** A Content-Range header outside the grammar. */
  static final class MalformedContentRange extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedContentRange(String message) {
      super(message);
    }
  }
}
