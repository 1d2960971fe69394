package dev.tollgate.repo.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code --to} URL and the endpoint settings are checked against their grammar at the edge. */
class S3LocationTest {
  @Test
  void bucketAndPrefixMakeTheKeys() {
    S3Location l = S3Location.parse("s3://acme-updates/releases/stable/");
    assertEquals("acme-updates", l.bucket());
    assertEquals("releases/stable/metadata/timestamp.json", l.key("metadata/timestamp.json"));
    assertEquals("s3://acme-updates/releases/stable", l.toString());
    assertEquals("metadata/1.root.json", S3Location.parse("s3://acme-updates").key("metadata/1.root.json"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"acme-updates/x", "https://acme-updates/x", "s3://", "s3://ab/x", "s3://Acme/x",
      "s3://acme_updates/x", "s3://-acme/x", "s3://acme-/x", "s3://a..b/x", "s3://192.168.1.1/x",
      "s3://acme/a//b", "s3://acme/../x", "s3://acme/a/./b", "s3://acme/a\\b", "s3://acme/a?b", "s3://acme/a\nb"})
  void malformedDestinationsAreRefusedNamingTheDestination(String url) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> S3Location.parse(url));
    assertTrue(e.getMessage().startsWith("destination " + url), e.getMessage());
  }

  @Test
  void anOverlongPrefixIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://acme/" + "a".repeat(513)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3.example.internal", "ftp://s3.example", "https://user:pw@s3.example",
      "https://s3.example/path", "https://s3.example?x=1", "http://"})
  void endpointsMustBeABareHttpUrl(String url) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> S3Settings.defaults().withEndpoint(url));
    assertTrue(e.getMessage().contains("S3 endpoint"), e.getMessage());
  }

  @Test
  void anEndpointWithUserInfoIsRefusedWithoutEchoingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> S3Settings.defaults().withEndpoint("https://AKIAEXAMPLE:s3cr3t@s3.example"));
    assertTrue(!e.getMessage().contains("s3cr3t") && e.getMessage().contains("user info"), e.getMessage());
  }

  @Test
  void regionAndMaxAgeAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> S3Settings.defaults().withRegion("EU West"));
    assertThrows(IllegalArgumentException.class, () -> MirroredFile.shortLived(-1));
    assertEquals("no-cache", MirroredFile.shortLived(0));
    assertEquals("public, max-age=60", MirroredFile.shortLived(60));
  }
}
