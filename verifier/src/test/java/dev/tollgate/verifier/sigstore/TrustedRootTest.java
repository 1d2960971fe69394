package dev.tollgate.verifier.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TrustedRootTest {
  /** The public-good root as published in @sigstore/tuf 5.0.1; a new copy means a new pin. */
  static final String PINNED_SHA256 = "6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66";

  @Test
  void shippedPublicGoodRootIsThePinnedCopy() throws Exception {
    byte[] json = TrustedRoot.publicGood().json();
    assertEquals(PINNED_SHA256, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)));
  }

  @Test
  void publicGoodRootKnowsTheRekorV1Log() {
    // rekor.sigstore.dev's log id.
    byte[] rekorV1 = Base64.getDecoder().decode("wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=");
    var log = TrustedRoot.publicGood().transparencyLog(rekorV1).orElseThrow();
    assertTrue(log.validFrom().isPresent());
    assertEquals("rekor.sigstore.dev", log.log().orElseThrow().baseUrl().getHost());
  }

  @Test
  void malformedRootsAreRefusedWithTheReason() {
    var notJson = assertThrows(IllegalArgumentException.class,
        () -> TrustedRoot.fromJson("{not json".getBytes(StandardCharsets.UTF_8)));
    assertTrue(notJson.getMessage().contains("not JSON"), notJson.getMessage());
    var badKey = assertThrows(IllegalArgumentException.class, () -> TrustedRoot.fromJson(
        "{\"tlogs\":[{\"logId\":{\"keyId\":\"!!!\"}}]}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(badKey.getMessage().contains("trusted root"), badKey.getMessage());
  }
}
