package dev.tollgate.sbom.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VersionSchemeTest {

  /** Each list is in strictly ascending order; every pair must compare that way. */
  private static void assertAscending(VersionScheme scheme, String... versions) {
    for (int i = 0; i < versions.length; i++) {
      for (int j = 0; j < versions.length; j++) {
        int expected = Integer.compare(i, j);
        int actual = Integer.signum(scheme.compare(versions[i], versions[j]));
        assertEquals(expected, actual, scheme + ": " + versions[i] + " vs " + versions[j]);
      }
    }
    List<String> shuffled = new ArrayList<>(List.of(versions));
    Collections.shuffle(shuffled, new Random(7));
    shuffled.sort(scheme);
    assertEquals(List.of(versions), shuffled, scheme + " sorts");
  }

  @Test
  void mavenOrderIsMavens() {
    assertAscending(VersionScheme.MAVEN, "1.0-alpha-1", "1.0-beta-2", "1.0-RC1", "1.0-SNAPSHOT", "1.0",
        "1.0-sp1", "1.0.1", "1.2", "1.10", "2.0-beta9", "2.0", "2.17.1");
    assertEquals(0, VersionScheme.MAVEN.compare("1.0", "1.0.0"));
  }

  @Test
  void semverFollowsSection11() {
    // The exact example from semver.org section 11.
    assertAscending(VersionScheme.SEMVER, "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
        "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0");
    assertEquals(0, VersionScheme.SEMVER.compare("v1.2.3+build.5", "1.2.3"));
    assertEquals(0, VersionScheme.SEMVER.compare("1.2", "1.2.0"));
    assertTrue(VersionScheme.SEMVER.compare("4.17.20", "4.17.21") < 0);
    assertTrue(VersionScheme.SEMVER.compare("10.0.0", "9.99.99") > 0);
  }

  @Test
  void pep440FollowsThePep() {
    // Ordering example from PEP 440's "Summary of permitted suffixes and relative ordering".
    assertAscending(VersionScheme.PEP440, "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12",
        "1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0",
        "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1");
    assertEquals(0, VersionScheme.PEP440.compare("1.0", "1.0.0"));
    assertEquals(0, VersionScheme.PEP440.compare("1.0alpha1", "1.0a1"));
    assertEquals(0, VersionScheme.PEP440.compare("1.0-1", "1.0.post1"));
    assertEquals(0, VersionScheme.PEP440.compare("v2.0c1", "2.0rc1"));
    assertTrue(VersionScheme.PEP440.compare("1!0.1", "2.0") > 0, "epoch wins");
    assertTrue(VersionScheme.PEP440.compare("2.31.0", "2.32.0") < 0);
  }

  @Test
  void genericOrdersNumbersAsNumbers() {
    assertAscending(VersionScheme.GENERIC, "1.0-rc1", "1.0", "1.0.1", "1.0.10", "1.2a", "1.2", "1.10",
        "20240101", "100000000000000000000");
    assertEquals(0, VersionScheme.GENERIC.compare("1.02", "1.2"));
  }

  @Test
  void schemeFollowsThePurlType() {
    assertEquals(VersionScheme.MAVEN, VersionScheme.forPurlType("maven"));
    assertEquals(VersionScheme.SEMVER, VersionScheme.forPurlType("npm"));
    assertEquals(VersionScheme.PEP440, VersionScheme.forPurlType("pypi"));
    assertEquals(VersionScheme.GENERIC, VersionScheme.forPurlType("deb"));
  }
}
