package dev.tollgate.provenance.witness;

import dev.tollgate.provenance.note.Cosignatures;
import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.VerifierKey;
import dev.tollgate.provenance.note.WitnessVerifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A C2SP tlog-policy file: the logs it accepts, named witnesses (cosignature vkeys, optional
 * submission URL), groups ({@code all}, {@code any} or k of n members) and exactly one quorum.
 * Grammar, one item per line, items separated by spaces or tabs:
 *
 * <pre>
 *   log &lt;vkey&gt; [&lt;url&gt;]
 *   witness &lt;name&gt; &lt;vkey&gt; [&lt;url&gt;]
 *   group &lt;name&gt; all|any|&lt;k&gt; &lt;name&gt;...
 *   quorum &lt;name&gt;|none
 * </pre>
 *
 * Blank lines and lines starting with {@code #} are ignored. Names are defined once and only on
 * earlier lines may a group or the quorum refer to them; each name is a group member at most once;
 * no two logs, and no two witnesses, share a public key. Stricter than the spec in two ways: the file must be
 * UTF-8, and it holds at most {@value #MAX_ENTRIES} logs, witnesses and groups each.
 */
public final class WitnessPolicy {
  static final int MAX_BYTES = 64 * 1024;
  static final int MAX_ENTRIES = 64;
  private static final String NONE = "none";

  /** A witness named in the policy. */
  public static final class NamedWitness {
    private final String name;
    private final WitnessVerifier key;
    private final Optional<URI> url;

    NamedWitness(String name, WitnessVerifier key, Optional<URI> url) {
      this.name = name;
      this.key = key;
      this.url = url;
    }

    public String name() {
      return name;
    }

    public WitnessVerifier key() {
      return key;
    }

    /** The witness's submission prefix; {@code add-checkpoint} is under it. */
    public Optional<URI> url() {
      return url;
    }
  }

  private static final class Group {
    final int threshold;
    final List<String> members;

    Group(int threshold, List<String> members) {
      this.threshold = threshold;
      this.members = List.copyOf(members);
    }
  }

  /** The result of checking one checkpoint's cosignatures against the quorum. */
  public static final class Verdict {
    private final boolean met;
    private final Set<String> cosignedBy;
    private final String quorum;

    Verdict(boolean met, Set<String> cosignedBy, String quorum) {
      this.met = met;
      this.cosignedBy = Set.copyOf(cosignedBy);
      this.quorum = quorum;
    }

    public boolean met() {
      return met;
    }

    /** The policy names of the witnesses whose cosignatures verified. */
    public Set<String> cosignedBy() {
      return new TreeSet<>(cosignedBy);
    }

    public String quorum() {
      return quorum;
    }
  }

  private final List<VerifierKey> logs;
  private final Map<String, NamedWitness> witnesses;
  private final Map<String, Group> groups;
  private final String quorum;

  private WitnessPolicy(List<VerifierKey> logs, Map<String, NamedWitness> witnesses, Map<String, Group> groups,
      String quorum) {
    this.logs = List.copyOf(logs);
    this.witnesses = witnesses;
    this.groups = groups;
    this.quorum = quorum;
  }

  /** Parses a whole policy; {@code source} (the file name) starts every error message. */
  public static WitnessPolicy parse(byte[] bytes, String source) throws FormatException {
    Parser p = new Parser(source);
    p.run(bytes, true);
    return new WitnessPolicy(p.logs, p.witnesses, p.groups, p.quorum);
  }

  /**
   * Parses the list of logs a witness cosigns for: the same grammar with {@code log} lines only, at
   * least one, one key per origin.
   */
  public static List<VerifierKey> parseLogList(byte[] bytes, String source) throws FormatException {
    Parser p = new Parser(source);
    p.run(bytes, false);
    if (p.logs.isEmpty()) {
      throw new FormatException(source + ": names no log (expected 'log <vkey>' lines)");
    }
    Set<String> origins = new HashSet<>();
    for (VerifierKey k : p.logs) {
      if (!origins.add(k.name())) {
        throw new FormatException(source + ": two keys for log origin " + k.name() + " (one per log)");
      }
    }
    return p.logs;
  }

  public List<VerifierKey> logs() {
    return logs;
  }

  public List<NamedWitness> witnesses() {
    return List.copyOf(witnesses.values());
  }

  public String quorumName() {
    return quorum;
  }

  /** Whether the policy accepts checkpoints of {@code log}: any log when it lists none. */
  public boolean accepts(VerifierKey log) {
    return logs.isEmpty() || logs.contains(log);
  }

  /**
   * Counts the valid cosignatures on {@code cosignedCheckpoint} by this policy's witnesses and
   * decides the quorum. The log's own signature is the caller's to check. A line in a policy
   * witness's name and key ID that fails to verify throws (the note is malformed).
   */
  public Verdict check(byte[] cosignedCheckpoint) throws FormatException {
    Map<WitnessVerifier, String> byKey = new LinkedHashMap<>();
    witnesses.values().forEach(w -> byKey.put(w.key, w.name));
    Set<String> cosigned = new HashSet<>();
    for (Cosignatures.Cosignature c : Cosignatures.verify(cosignedCheckpoint, byKey.keySet())) {
      cosigned.add(byKey.get(c.witness()));
    }
    return new Verdict(witnessed(quorum, cosigned), cosigned, quorum);
  }

  private boolean witnessed(String name, Set<String> cosigned) {
    if (name.equals(NONE)) {
      return true;
    }
    Group g = groups.get(name);
    if (g == null) {
      return cosigned.contains(name);
    }
    int count = 0;
    for (String m : g.members) {
      if (witnessed(m, cosigned)) {
        count++;
      }
    }
    return count >= g.threshold;
  }

  /** One pass over the lines; every error names the source and the line. */
  private static final class Parser {
    final String source;
    final List<VerifierKey> logs = new ArrayList<>();
    final Map<String, NamedWitness> witnesses = new LinkedHashMap<>();
    final Map<String, Group> groups = new LinkedHashMap<>();
    final Set<String> usedAsMember = new HashSet<>();
    final Set<ByteBuffer> logKeys = new HashSet<>();
    final Set<ByteBuffer> witnessKeys = new HashSet<>();
    String quorum;
    int lineNo;

    Parser(String source) {
      this.source = source;
    }

    void run(byte[] bytes, boolean fullPolicy) throws FormatException {
      for (String line : lines(bytes)) {
        lineNo++;
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        List<String> items = Arrays.asList(trimmed.split("[ \t]+"));
        String keyword = items.get(0);
        if (!fullPolicy && !keyword.equals("log")) {
          throw fail("only 'log <vkey>' lines belong in a witness's log list, found '" + keyword + "'");
        }
        switch (keyword) {
          case "log" -> log(items);
          case "witness" -> witness(items);
          case "group" -> group(items);
          case "quorum" -> quorum(items);
          default -> throw fail("unknown keyword '" + keyword + "' (expected log, witness, group or quorum)");
        }
      }
      if (fullPolicy && quorum == null) {
        throw new FormatException(source + ": has no 'quorum' line (use 'quorum none' to require no witness)");
      }
    }

    private List<String> lines(byte[] bytes) throws FormatException {
      if (bytes.length > MAX_BYTES) {
        throw new FormatException(source + ": larger than " + MAX_BYTES + " bytes");
      }
      for (byte b : bytes) {
        if ((b >= 0 && b < 0x20 && b != '\t' && b != '\n') || b == 0x7f) {
          throw new FormatException(source + ": contains control byte 0x" + Integer.toHexString(b)
              + " (only tab and newline are allowed)");
        }
      }
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw new FormatException(source + ": is not UTF-8");
      }
      return Arrays.asList(text.split("\n", -1));
    }

    private void log(List<String> items) throws FormatException {
      arity(items, 2, 3, "log <vkey> [<url>]");
      VerifierKey key;
      try {
        key = VerifierKey.parse(items.get(1));
      } catch (FormatException e) {
        throw fail("log key: " + e.getMessage());
      }
      uniqueKey(logKeys, key.rawPublicKey(), "log " + key.name());
      if (items.size() == 3) {
        url(items.get(2));
      }
      limit(logs.size(), "logs");
      logs.add(key);
    }

    private void witness(List<String> items) throws FormatException {
      arity(items, 3, 4, "witness <name> <vkey> [<url>]");
      String name = newName(items.get(1));
      WitnessVerifier key;
      try {
        key = WitnessVerifier.parse(items.get(2));
      } catch (FormatException e) {
        throw fail("witness " + name + " key: " + e.getMessage()
            + " (a witness vkey has signature type 0x04, tlog-cosignature Ed25519)");
      }
      uniqueKey(witnessKeys, key.rawPublicKey(), "witness " + name);
      Optional<URI> url = items.size() == 4 ? Optional.of(url(items.get(3))) : Optional.empty();
      limit(witnesses.size(), "witnesses");
      witnesses.put(name, new NamedWitness(name, key, url));
    }

    private void group(List<String> items) throws FormatException {
      if (items.size() < 4) {
        throw fail("expected 'group <name> all|any|<k> <name>...' with at least one member");
      }
      String name = newName(items.get(1));
      List<String> members = items.subList(3, items.size());
      for (String m : members) {
        if (m.equals(NONE) || (!witnesses.containsKey(m) && !groups.containsKey(m))) {
          throw fail("group " + name + " member '" + m + "' is not a witness or group defined on an earlier line");
        }
        if (!usedAsMember.add(m)) {
          throw fail("'" + m + "' is already a member of a group (each name may be listed once)");
        }
      }
      String k = items.get(2);
      int threshold;
      if (k.equals("all")) {
        threshold = members.size();
      } else if (k.equals("any")) {
        threshold = 1;
      } else if (k.matches("[1-9][0-9]{0,2}")) {
        threshold = Integer.parseInt(k);
        if (threshold > members.size()) {
          throw fail("group " + name + " threshold " + k + " is larger than its " + members.size() + " members");
        }
      } else {
        throw fail("group " + name + " threshold '" + k + "' is not all, any or a number 1.." + members.size());
      }
      limit(groups.size(), "groups");
      groups.put(name, new Group(threshold, members));
    }

    private void quorum(List<String> items) throws FormatException {
      arity(items, 2, 2, "quorum <name>");
      if (quorum != null) {
        throw fail("a second 'quorum' line (a policy has exactly one)");
      }
      String name = items.get(1);
      if (!name.equals(NONE) && !witnesses.containsKey(name) && !groups.containsKey(name)) {
        throw fail("quorum '" + name + "' is not 'none' or a witness or group defined on an earlier line");
      }
      quorum = name;
    }

    private String newName(String name) throws FormatException {
      if (name.equals(NONE) || witnesses.containsKey(name) || groups.containsKey(name)) {
        throw fail("name '" + name + "' is " + (name.equals(NONE) ? "reserved" : "already defined"));
      }
      return name;
    }

    private void uniqueKey(Set<ByteBuffer> seen, byte[] raw, String what) throws FormatException {
      if (!seen.add(ByteBuffer.wrap(raw))) {
        throw fail(what + " uses a public key already listed (duplicates are not allowed)");
      }
    }

    private URI url(String text) throws FormatException {
      try {
        URI u = new URI(text);
        if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null
            || u.getQuery() != null || u.getFragment() != null) {
          throw fail("URL '" + text + "' is not an http(s) URL with a host and without query or fragment");
        }
        return u;
      } catch (URISyntaxException e) {
        throw fail("URL '" + text + "' does not parse: " + e.getReason());
      }
    }

    private void arity(List<String> items, int min, int max, String form) throws FormatException {
      if (items.size() < min || items.size() > max) {
        throw fail("expected '" + form + "'");
      }
    }

    private void limit(int count, String what) throws FormatException {
      if (count == MAX_ENTRIES) {
        throw fail("more than " + MAX_ENTRIES + " " + what);
      }
    }

    private FormatException fail(String message) {
      return new FormatException(source + " line " + lineNo + ": " + message);
    }
  }
}
