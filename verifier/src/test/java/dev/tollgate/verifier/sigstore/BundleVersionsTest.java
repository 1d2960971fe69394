package dev.tollgate.verifier.sigstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Rules that differ by bundle version, on real public-good bundles edited in memory. */
class BundleVersionsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode happyPath(String folder) throws IOException {
    Path c = ConformanceCorpusTest.corpus();
    return (ObjectNode) JSON.readTree(Files.readAllBytes(c.resolve(folder).resolve("bundle.sigstore.json")));
  }

  static VerificationReport verify(ObjectNode bundle) throws IOException {
    Path c = ConformanceCorpusTest.corpus();
    return BundleVerifier.verify(JSON.writeValueAsBytes(bundle), Artifact.ofFile(c.resolve("a.txt")),
        SignerPolicy.identity(ConformanceCorpusTest.DEFAULT_ISSUER, ConformanceCorpusTest.DEFAULT_IDENTITY).build(),
        TrustedRoot.publicGood());
  }

  static ObjectNode firstEntry(ObjectNode bundle) {
    return (ObjectNode) bundle.path("verificationMaterial").path("tlogEntries").get(0);
  }

  @Test
  void v01BundleMayRestOnItsSignedEntryTimestampAlone() throws IOException {
    ObjectNode bundle = happyPath("happy-path-v0.1");
    firstEntry(bundle).remove("inclusionProof");
    VerificationReport r = verify(bundle);
    assertTrue(r.passed(), r::toString);
  }

  @Test
  void v01BundleWithoutProofOrPromiseIsRefused() throws IOException {
    ObjectNode bundle = happyPath("happy-path-v0.1");
    firstEntry(bundle).remove("inclusionProof");
    firstEntry(bundle).remove("inclusionPromise");
    assertEquals("bundle.format", verify(bundle).failure().orElseThrow().name());
  }

  @Test
  void laterBundlesNeedTheInclusionProof() throws IOException {
    ObjectNode bundle = happyPath("happy-path-v0.3");
    firstEntry(bundle).remove("inclusionProof");
    VerificationReport r = verify(bundle);
    assertEquals("bundle.format", r.failure().orElseThrow().name(), r::toString);
  }

  @Test
  void tamperedIntegratedTimeBreaksTheSignedEntryTimestamp() throws IOException {
    ObjectNode bundle = happyPath("happy-path-v0.3");
    ObjectNode entry = firstEntry(bundle);
    entry.put("integratedTime", Long.toString(Long.parseLong(entry.path("integratedTime").asText()) + 60));
    VerificationReport r = verify(bundle);
    assertEquals("tlog.entry", r.failure().orElseThrow().name(), r::toString);
  }
}
