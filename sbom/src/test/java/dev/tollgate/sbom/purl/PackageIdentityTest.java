package dev.tollgate.sbom.purl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Purl keys normalised per the purl spec's type definitions, the looser denial form, and CPE names. */
class PackageIdentityTest {
  private static String key(String purl) {
    return PackageKey.parsePurl(purl).orElseThrow(() -> new AssertionError("does not parse: " + purl)).key().text();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // case-insensitive namespace and name in the spec: lower-cased
    "pkg:github/Package-URL/PackageURL-Java@1.5.0, pkg:github/package-url/packageurl-java",
    "pkg:bitbucket/Birkenfeld/Pygments-Main, pkg:bitbucket/birkenfeld/pygments-main",
    "pkg:composer/Laravel/Laravel@5.5.0, pkg:composer/laravel/laravel",
    "pkg:deb/Debian/Curl@7.50.3-1, pkg:deb/debian/curl",
    "pkg:hex/Phoenix@1.7.0, pkg:hex/phoenix",
    // the spec says lower-case for golang though it calls it case-sensitive
    "pkg:golang/github.com/Sirupsen/Logrus@v1.9.0, pkg:golang/github.com/sirupsen/logrus",
    // rpm: namespace case-insensitive, name case-sensitive
    "pkg:rpm/Fedora/Curl@7.50.3, pkg:rpm/fedora/Curl",
    // PyPI: case-insensitive, and PEP 503 treats runs of -, _ and . as one -
    "pkg:pypi/Django_REST.Framework@3.15, pkg:pypi/django-rest-framework",
    // case-sensitive in the spec: kept as written
    "pkg:maven/Org.Apache.Logging.Log4j/Log4j-Core@2.14.1, pkg:maven/Org.Apache.Logging.Log4j/Log4j-Core",
    "pkg:npm/%40Acme/JSONStream@1.0.0, pkg:npm/@Acme/JSONStream",
    "pkg:cargo/Serde_Json@1.0, pkg:cargo/Serde_Json",
    // the scheme is read without regard to case, as the spec's parsing rules say
    "PKG:maven/org.apache.logging.log4j/log4j-core@2.14.1, pkg:maven/org.apache.logging.log4j/log4j-core",
  })
  void keysAreNormalisedPerTheSpecForTheirType(String purl, String expected) {
    assertEquals(expected, key(purl));
  }

  @Test
  void denialComparesFoldedKeys() {
    PurlPattern log4j = PurlPattern.parse("pkg:maven/org.apache.logging.log4j/log4j-core");
    assertTrue(log4j.matches(new PackageKey("maven", "Org.Apache.Logging.Log4j", "LOG4J-CORE")));
    assertFalse(log4j.matches(new PackageKey("maven", "org.apache.logging.log4j", "log4j-api")));
    assertFalse(log4j.matches(new PackageKey("npm", "org.apache.logging.log4j", "log4j-core")), "another type");

    // crates.io sees case and '_' against '-' as one crate name.
    assertTrue(PurlPattern.parse("pkg:cargo/serde-json").matches(new PackageKey("cargo", null, "Serde_Json")));
    assertTrue(PurlPattern.parse("pkg:npm/jsonstream").matches(new PackageKey("npm", null, "JSONStream")));
    assertTrue(PurlPattern.parse("pkg:npm/evil-*").matches(new PackageKey("npm", null, "EVIL-pad")));

    // A package that states no type is taken in the pattern's type; no namespace compares the name only.
    assertTrue(log4j.matchesUntyped("org.apache.logging.log4j", "Log4j-Core"));
    assertTrue(log4j.matchesUntyped(null, "log4j-core"));
    assertFalse(log4j.matchesUntyped("org.example", "log4j-core"));
    assertTrue(PurlPattern.parse("pkg:npm/evil-*").matchesUntyped(null, "evil-pad"));
    assertTrue(PurlPattern.parse("pkg:*").matchesUntyped("any", "thing"));
  }

  @Test
  void cpeNamesInBothForms() {
    assertEquals(Optional.of(new Cpe("apache", "log4j", "2.14.1")),
        Cpe.parse("cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*"));
    assertEquals(Optional.of(new Cpe("busybox", "busy:box", null)),
        Cpe.parse("cpe:2.3:a:busybox:busy\\:box:*:*:*:*:*:*:*:*"), "escaped colon, any version");
    assertEquals(Optional.of(new Cpe("apache", "log4j-core", "2.14.1")), Cpe.parse("cpe:/a:apache:log4j-core:2.14.1"));
    assertEquals(Optional.of(new Cpe("acme", "my tool", null)), Cpe.parse("cpe:/a:acme:my%20tool"));
    for (String bad : new String[] {"cpe:2.3:a:apache:log4j", "cpe:2.3:x:apache:log4j:1:*:*:*:*:*:*:*",
        "cpe:2.3:a:apache:*:1:*:*:*:*:*:*:*", "cpe:/a:apache", "apache:log4j:2.14.1", "cpe:/a:acme:bad%zz",
        "cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*\\"}) {
      assertEquals(Optional.empty(), Cpe.parse(bad), bad);
    }
  }
}
