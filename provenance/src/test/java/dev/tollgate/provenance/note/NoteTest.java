package dev.tollgate.provenance.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoteTest {
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path tmp;
  private int keyFiles;

  private Path written(SignerKey k) throws Exception {
    Path file = tmp.resolve("signer-" + keyFiles++ + ".key");
    k.writeTo(file);
    return file;
  }

  @Test
  void publicKeyDerivedFromSeedMatchesRfc8032TestVector1() throws Exception {
    byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    SignerKey k = SignerKey.fromSeed("example.com/log", seed);
    assertArrayEquals(HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
        k.verifierKey().rawPublicKey());
  }

  @Test
  void keyStringsRoundTripAndKeyIdIsTheSpecHash() throws Exception {
    SignerKey k = SignerKey.generate("tollgate.example/log", new SecureRandom());
    SignerKey again = SignerKey.read(written(k));
    assertEquals(k.verifierKey(), again.verifierKey());
    VerifierKey v = VerifierKey.parse(k.verifierKey().toString());
    assertEquals(k.verifierKey(), v);
    java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
    md.update("tollgate.example/log\n".getBytes(StandardCharsets.UTF_8));
    md.update((byte) 1);
    md.update(v.rawPublicKey());
    byte[] h = md.digest();
    assertEquals(HEX.formatHex(h, 0, 4), v.toString().split("\\+", 3)[1]);
  }

  @Test
  void keysWhoseBase64HoldsPlusSignsParse() throws Exception {
    for (int i = 0; i < 200; i++) {
      SignerKey k = SignerKey.generate("tollgate.example/log", new SecureRandom());
      assertEquals(k.verifierKey(), VerifierKey.parse(k.verifierKey().toString()));
      assertEquals(k.verifierKey(), SignerKey.read(written(k)).verifierKey());
    }
  }

  @Test
  void wrongKeyIdIsRefused() throws Exception {
    SignerKey k = SignerKey.generate("tollgate.example/log", new SecureRandom());
    String[] p = k.verifierKey().toString().split("\\+", 3);
    String bad = p[0] + "+00000000+" + p[2];
    FormatException e = assertThrows(FormatException.class, () -> VerifierKey.parse(bad));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
  }

  @Test
  void checkpointSignsAndOpensAndRefusesTampering() throws Exception {
    SignerKey k = SignerKey.generate("tollgate.example/log", new SecureRandom());
    byte[] root = new byte[32];
    root[5] = 7;
    Checkpoint c = Checkpoint.sign(k, 42, root);
    String text = c.toString();
    assertTrue(text.startsWith("tollgate.example/log\n42\n" + java.util.Base64.getEncoder().encodeToString(root)
        + "\n\n\u2014 tollgate.example/log "), text);
    Checkpoint opened = Checkpoint.open(c.signedNote(), k.verifierKey());
    assertEquals(42, opened.size());
    assertArrayEquals(root, opened.root());
    byte[] tampered = text.replace("\n42\n", "\n43\n").getBytes(StandardCharsets.UTF_8);
    assertThrows(FormatException.class, () -> Checkpoint.open(tampered, k.verifierKey()));
    SignerKey other = SignerKey.generate("tollgate.example/log", new SecureRandom());
    FormatException e = assertThrows(FormatException.class, () -> Checkpoint.open(c.signedNote(), other.verifierKey()));
    assertTrue(e.getMessage().contains("no signature"), e.getMessage());
  }

  @Test
  void nonCanonicalBase64IsRefused() throws Exception {
    SignerKey k = SignerKey.generate("a.example/log", new SecureRandom());
    Checkpoint c = Checkpoint.sign(k, 1, new byte[32]);
    String text = c.toString();
    // The root of all zero bytes ends in "A=" ; "B=" decodes to the same bytes in a lenient decoder.
    String forged = text.replace("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=");
    assertThrows(FormatException.class, () -> Checkpoint.open(forged.getBytes(StandardCharsets.UTF_8), k.verifierKey()));
  }

  @Test
  void tlogProofRoundTrips() throws Exception {
    SignerKey k = SignerKey.generate("a.example/log", new SecureRandom());
    Checkpoint c = Checkpoint.sign(k, 9, new byte[32]);
    byte[] h1 = new byte[32];
    h1[0] = 1;
    TlogProof p = new TlogProof(5, List.of(h1, new byte[32]), Optional.of(new byte[] {1, 2}), c.signedNote());
    byte[] enc = p.encode();
    String s = new String(enc, StandardCharsets.UTF_8);
    assertTrue(s.startsWith("c2sp.org/tlog-proof@v1\nextra AQI=\nindex 5\nAQAA"), s);
    TlogProof back = TlogProof.parse(enc);
    assertEquals(5, back.index());
    assertEquals(2, back.hashes().size());
    assertArrayEquals(c.signedNote(), back.checkpoint());
    assertArrayEquals(new byte[] {1, 2}, back.extra().orElseThrow());
  }
}
