package dev.tollgate.tuf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.tuf.testing.LoopbackServer;
import dev.tollgate.tuf.testing.SigstoreRootSigning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against real published states of the Sigstore public-good TUF repository, served
 * byte for byte on loopback: every root from 1 to 15 (the legacy hex-encoded keys of roots 1-4,
 * the odd expiry times of roots 1-3), and a rotation from root 14 to 15 between two states.
 */
class SigstoreRepositoryTest {
  private static final String LEGACY_KEY_ID = "2f64fb5eac0cf94dd39bb45308b98920055e9a0d8e012a7220787834c60aef97";
  @TempDir Path tmp;

  private static Updater updater(Path metadata, LoopbackServer server, Clock clock) throws Exception {
    return Updater.builder().metadataDir(metadata).metadataBaseUrl(server.metadataUrl())
        .targetBaseUrl(server.targetsUrl()).clock(clock).build();
  }

  private static byte[] download(Updater updater, String target, Path dir) throws Exception {
    TargetFile info = updater.getTargetInfo(target).orElseThrow(() -> new AssertionError(target + " not listed"));
    return Files.readAllBytes(updater.downloadTarget(info, Files.createDirectories(dir)));
  }

  @Test
  void walksEveryPublishedRootFromTheFirstAndReadsTheTrustedRoot() throws Exception {
    SigstoreRootSigning state = SigstoreRootSigning.ROOT_15;
    Path metadata = tmp.resolve("metadata");
    Updater.initialize(metadata, SigstoreRootSigning.root(1));
    try (LoopbackServer server = new LoopbackServer(state.files())) {
      Updater updater = updater(metadata, server, state.clock());
      updater.refresh();
      assertEquals(15, updater.trustedMetadata().root().signed().version());
      assertArrayEquals(SigstoreRootSigning.root(15), Files.readAllBytes(metadata.resolve("root.json")));
      byte[] trustedRoot = download(updater, "trusted_root.json", tmp.resolve("targets"));
      assertArrayEquals(state.target(
          "6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66.trusted_root.json"), trustedRoot);
      for (int v = 2; v <= 15; v++) {
        assertTrue(server.requests().contains("metadata/" + v + ".root.json"), "fetched root " + v);
      }
    }
  }

  @Test
  void rotatesFromRoot14To15BetweenTwoPublishedStates() throws Exception {
    Path metadata = tmp.resolve("metadata");
    Updater.initialize(metadata, SigstoreRootSigning.root(14));
    try (LoopbackServer before = new LoopbackServer(SigstoreRootSigning.ROOT_14.files())) {
      Updater updater = updater(metadata, before, SigstoreRootSigning.ROOT_14.clock());
      updater.refresh();
      assertEquals(14, updater.trustedMetadata().root().signed().version());
      assertEquals(13, updater.trustedMetadata().targets().orElseThrow().signed().version());
      assertTrue(updater.getTargetInfo("signing_config_rekor_v2.v0.2.json").isEmpty(), "not published yet");
    }
    try (LoopbackServer after = new LoopbackServer(SigstoreRootSigning.ROOT_15.files())) {
      Updater updater = updater(metadata, after, SigstoreRootSigning.ROOT_15.clock());
      updater.refresh();
      assertEquals(15, updater.trustedMetadata().root().signed().version());
      assertEquals(14, updater.trustedMetadata().targets().orElseThrow().signed().version());
      byte[] rekorV2 = download(updater, "signing_config_rekor_v2.v0.2.json", tmp.resolve("targets"));
      assertTrue(new String(rekorV2, java.nio.charset.StandardCharsets.UTF_8).contains("rekor"), "the new signing config");
      assertTrue(after.requests().contains("metadata/16.root.json"), "looked for a newer root first");
    }
  }

  @Test
  void aLegacyHexKeyVerifiesTheRootItSignedAndNothingElse() throws Exception {
    // Root 5 was signed by root 4's keys, which carry hex-encoded uncompressed P-256 points.
    Metadata<Root> root4 = Metadata.fromBytes(SigstoreRootSigning.root(4), Root.class, Root.TYPE);
    Metadata<Root> root5 = Metadata.fromBytes(SigstoreRootSigning.root(5), Root.class, Root.TYPE);
    root4.signed().verifyDelegate(Root.TYPE, root5);
    Key legacy = root4.signed().keys().get(LEGACY_KEY_ID);
    assertEquals("ecdsa-sha2-nistp256", legacy.keyType());
    assertTrue(legacy.publicValue().matches("04[0-9a-f]{128}"), legacy.publicValue());
    byte[] signed = root5.signedBytes();
    byte[] signature = HexFormat.of().parseHex(root5.signatures().get(LEGACY_KEY_ID).sig());
    assertTrue(legacy.verify(signature, signed));
    signed[signed.length / 2] ^= 1;
    assertFalse(legacy.verify(signature, signed), "a changed byte must not verify");
  }

  @Test
  void aHexPointIsReadOnlyAsTheLegacyKeyTypeAndOnlyWhenItIsAWholeUncompressedPoint() throws Exception {
    Metadata<Root> root4 = Metadata.fromBytes(SigstoreRootSigning.root(4), Root.class, Root.TYPE);
    Metadata<Root> root5 = Metadata.fromBytes(SigstoreRootSigning.root(5), Root.class, Root.TYPE);
    Key legacy = root4.signed().keys().get(LEGACY_KEY_ID);
    byte[] signed = root5.signedBytes();
    byte[] signature = HexFormat.of().parseHex(root5.signatures().get(LEGACY_KEY_ID).sig());
    assertTrue(legacy.verify(signature, signed), "the published key itself verifies");
    String hex = legacy.publicValue();
    List<List<String>> refused = List.of(
        List.of("ecdsa", hex),                                   // the modern key type means PEM
        List.of("ecdsa-sha2-nistp256 ", hex),                    // nor is this the legacy key type
        List.of("ecdsa-sha2-nistp256", hex.substring(2)),        // no 04 prefix
        List.of("ecdsa-sha2-nistp256", "02" + hex.substring(2, 66)), // compressed: never published
        List.of("ecdsa-sha2-nistp256", hex + "00"),              // trailing bytes
        List.of("ecdsa-sha2-nistp256", hex.toUpperCase()));      // lower-case hex, as published
    for (List<String> bad : refused) {
      Key k = new Key(bad.get(0), Key.ECDSA_P256, Json.object().put("public", bad.get(1)), null);
      assertFalse(k.verify(signature, signed), "must not verify: " + bad);
    }
  }
}
