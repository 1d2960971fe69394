package dev.tollgate.provenance.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.note.Checkpoint;
import dev.tollgate.provenance.note.Cosignatures;
import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.WitnessKey;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tlog-policy grammar and quorum rules, on real keys and real cosignatures. */
class WitnessPolicyTest {
  private final LogKey log = LogKey.generate("acme.example/repository");
  private final WitnessKey x1 = WitnessTest.newWitnessKey("x.example/1");
  private final WitnessKey x2 = WitnessTest.newWitnessKey("x.example/2");
  private final WitnessKey x3 = WitnessTest.newWitnessKey("x.example/3");
  private final WitnessKey y1 = WitnessTest.newWitnessKey("y.example/1");

  private String policy() {
    return "# two operators\n"
        + "log " + log.verifierKey() + "\n\n"
        + "witness X1 " + x1.verifier() + " https://x.example/1\n"
        + "witness X2\t" + x2.verifier() + "\n"
        + "witness X3 " + x3.verifier() + "\n"
        + "group X-witnesses 2 X1 X2 X3\n"
        + "  witness Y1 " + y1.verifier() + "  \n"
        + "group X-and-Y all X-witnesses Y1\n"
        + "quorum X-and-Y\n";
  }

  private static WitnessPolicy parse(String text) throws FormatException {
    return WitnessPolicy.parse(text.getBytes(StandardCharsets.UTF_8), "policy.txt");
  }

  private byte[] cosignedBy(WitnessKey... witnesses) throws Exception {
    Checkpoint c = Checkpoint.sign(log.signer(), 3, new byte[32]);
    byte[] note = c.signedNote();
    for (WitnessKey w : witnesses) {
      note = Cosignatures.append(note, w.cosign(c, 1_790_000_000L));
    }
    return note;
  }

  @Test
  void nestedGroupsDecideTheQuorum() throws Exception {
    WitnessPolicy p = parse(policy());
    assertEquals(4, p.witnesses().size());
    assertEquals("https://x.example/1", p.witnesses().get(0).url().orElseThrow().toString());
    assertTrue(p.accepts(log.verifierKey()));
    assertFalse(p.accepts(LogKey.generate("acme.example/repository").verifierKey()));

    WitnessPolicy.Verdict enough = p.check(cosignedBy(x1, x3, y1));
    assertTrue(enough.met());
    assertEquals(Set.of("X1", "X3", "Y1"), enough.cosignedBy());
    assertFalse(p.check(cosignedBy(x1, x2, x3)).met(), "Y is missing");
    assertFalse(p.check(cosignedBy(x1, y1)).met(), "only one of the X witnesses");
    assertFalse(p.check(cosignedBy()).met());
    assertTrue(parse("quorum none\n").check(cosignedBy()).met());
  }

  @Test
  void aCosignatureInAPolicyWitnessNameThatDoesNotVerifyIsRefused() throws Exception {
    byte[] note = cosignedBy(x1);
    String text = new String(note, StandardCharsets.UTF_8);
    String lastLine = text.substring(text.lastIndexOf('\u2014'));
    // Another checkpoint's cosignature moved onto this one.
    Checkpoint other = Checkpoint.sign(log.signer(), 4, new byte[32]);
    String moved = x1.cosign(other, 1_790_000_000L);
    byte[] swapped = text.replace(lastLine, moved).getBytes(StandardCharsets.UTF_8);
    FormatException e = assertThrows(FormatException.class, () -> parse(policy()).check(swapped));
    assertTrue(e.getMessage().contains("x.example/1"), e.getMessage());
  }

  @Test
  void eachGrammarRuleIsCheckedAtTheEdgeNamingTheLine() {
    String w1 = "witness A " + x1.verifier() + "\n";
    String[][] cases = {
      {"", "no 'quorum' line"},
      {w1 + "quorum A\nquorum A\n", "line 3: a second 'quorum'"},
      {"quorum B\n", "line 1: quorum 'B' is not"},
      {"group G any A\nquorum G\n", "member 'A' is not a witness or group defined on an earlier line"},
      {w1 + "group G 2 A\nquorum G\n", "threshold 2 is larger than its 1 members"},
      {w1 + "group G 0 A\nquorum G\n", "threshold '0'"},
      {w1 + "group G any A\ngroup H any A\nquorum G\n", "already a member"},
      {w1 + "witness B " + x1.verifier() + "\nquorum A\n", "public key already listed"},
      {w1 + w1 + "quorum A\n", "name 'A' is already defined"},
      {"witness none " + x1.verifier() + "\nquorum none\n", "reserved"},
      {"witness A " + log.verifierKey() + "\nquorum A\n", "signature type 0x04"},
      {"log " + x1.verifier() + "\nquorum none\n", "log key"},
      {w1 + "group G any none\nquorum G\n", "member 'none'"},
      {"witness A " + x1.verifier() + " ftp://x.example/\nquorum A\n", "not an http(s) URL"},
      {"frobnicate\nquorum none\n", "unknown keyword 'frobnicate'"},
      {"quorum none\r\n", "control byte 0xd"},
    };
    for (String[] c : cases) {
      FormatException e = assertThrows(FormatException.class, () -> parse(c[0]), c[0]);
      assertTrue(e.getMessage().startsWith("policy.txt"), e.getMessage());
      assertTrue(e.getMessage().contains(c[1]), "expected '" + c[1] + "' in: " + e.getMessage());
    }
  }

  @Test
  void aWitnessLogListTakesOnlyLogLinesOnePerOrigin() throws Exception {
    byte[] ok = ("# witnessed\nlog " + log.verifierKey() + "\n").getBytes(StandardCharsets.UTF_8);
    assertEquals(1, WitnessPolicy.parseLogList(ok, "logs.txt").size());
    String twice = "log " + log.verifierKey() + "\nlog " + LogKey.generate(log.name()).verifierKey() + "\n";
    assertTrue(assertThrows(FormatException.class,
        () -> WitnessPolicy.parseLogList(twice.getBytes(StandardCharsets.UTF_8), "logs.txt"))
        .getMessage().contains("two keys for log origin"));
    assertTrue(assertThrows(FormatException.class,
        () -> WitnessPolicy.parseLogList("quorum none\n".getBytes(StandardCharsets.UTF_8), "logs.txt"))
        .getMessage().contains("only 'log <vkey>' lines"));
    assertTrue(assertThrows(FormatException.class,
        () -> WitnessPolicy.parseLogList("# none\n".getBytes(StandardCharsets.UTF_8), "logs.txt"))
        .getMessage().contains("names no log"));
  }
}
