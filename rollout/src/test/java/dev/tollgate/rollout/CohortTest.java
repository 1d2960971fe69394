package dev.tollgate.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class CohortTest {

  /** Vectors computed independently with Python's hashlib; both digests start with a set top bit. */
  @Test
  void bucketMatchesIndependentComputation() {
    assertEquals(9918, Cohort.bucket("desk-agent-1.4.2", "device-0001"));
    assertEquals(3300, Cohort.bucket("r", "00112233445566778899aabbccddeeff"));
  }

  @Test
  void bucketDependsOnRolloutIdSoEachReleaseReshufflesTheFleet() {
    assertNotEquals(Cohort.bucket("desk-agent-1.4.2", "device-0001"),
        Cohort.bucket("desk-agent-1.4.3", "device-0001"));
  }

  @Test
  void separatorKeepsIdAndDeviceApart() {
    // Without the 0x00 separator "ab"+"c" and "a"+"bc" would hash the same bytes.
    assertNotEquals(Cohort.bucket("ab", "c"), Cohort.bucket("a", "bc"));
  }

  @Test
  void randomDeviceIdIs128BitHex() {
    String id = DeviceId.random(new SecureRandom());
    assertTrue(id.matches("[0-9a-f]{32}"), id);
    assertEquals(id, DeviceId.validate(id));
  }

  @Test
  void deviceIdWithPathCharactersIsRefused() {
    InvalidRolloutException e =
        assertThrows(InvalidRolloutException.class, () -> DeviceId.validate("../etc"));
    assertTrue(e.getMessage().contains("device id '../etc'"), e.getMessage());
    assertThrows(InvalidRolloutException.class, () -> DeviceId.validate(""));
  }
}
