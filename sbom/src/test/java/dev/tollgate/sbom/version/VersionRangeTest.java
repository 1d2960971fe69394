package dev.tollgate.sbom.version;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VersionRangeTest {
  @Test
  void log4ShellRangeInMavenOrder() {
    VersionRange r = VersionRange.parse(">=2.0-beta9, <2.15.0 || =2.16.0");
    assertTrue(r.contains("2.0-beta9", VersionScheme.MAVEN));
    assertTrue(r.contains("2.14.1", VersionScheme.MAVEN));
    assertTrue(r.contains("2.16.0", VersionScheme.MAVEN));
    assertFalse(r.contains("2.15.0", VersionScheme.MAVEN));
    assertFalse(r.contains("2.17.1", VersionScheme.MAVEN));
    assertFalse(r.contains("2.0-beta8", VersionScheme.MAVEN));
    assertFalse(r.contains("1.2.17", VersionScheme.MAVEN));
  }

  @Test
  void spacesAndBareVersions() {
    VersionRange r = VersionRange.parse("> 1.0 <= 2.0");
    assertTrue(r.contains("1.5", VersionScheme.GENERIC));
    assertTrue(r.contains("2.0", VersionScheme.GENERIC));
    assertFalse(r.contains("1.0", VersionScheme.GENERIC));
    assertTrue(VersionRange.parse("1.3.0").contains("1.3.0", VersionScheme.SEMVER));
    assertFalse(VersionRange.parse("!=1.3.0").contains("1.3.0", VersionScheme.SEMVER));
    assertTrue(VersionRange.parse("*").contains("anything", VersionScheme.GENERIC));
    assertTrue(VersionRange.any().contains("0", VersionScheme.GENERIC));
  }

  @Test
  void malformedRangesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> VersionRange.parse(""));
    assertThrows(IllegalArgumentException.class, () -> VersionRange.parse(">=1.0 ||"));
    assertThrows(IllegalArgumentException.class, () -> VersionRange.parse(">=<1.0"));
    assertThrows(IllegalArgumentException.class, () -> VersionRange.parse(">="));
  }
}
