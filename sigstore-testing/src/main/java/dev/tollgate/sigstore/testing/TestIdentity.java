package dev.tollgate.sigstore.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who the test CA certifies: the SAN identity, the OIDC issuer, and optional Fulcio extensions
 * (OID → value) such as the GitHub Actions claims.
 */
public record TestIdentity(String issuer, String subject, Map<String, String> extensions) {
  public TestIdentity {
    if (issuer == null || issuer.isBlank() || subject == null || subject.isBlank()) {
      throw new IllegalArgumentException("a test identity needs an issuer and a subject");
    }
    extensions = Map.copyOf(extensions);
  }

  public static TestIdentity of(String issuer, String subject) {
    return new TestIdentity(issuer, subject, Map.of());
  }

  /**
   * A GitHub Actions workflow identity as Fulcio states it: SAN
   * {@code https://github.com/REPO/WORKFLOW_PATH@REF}, issuer
   * {@code https://token.actions.githubusercontent.com}, plus repository, ref and trigger claims.
   */
  public static TestIdentity githubWorkflow(String repository, String workflowPath, String ref, String trigger) {
    Map<String, String> ext = new LinkedHashMap<>();
    ext.put("1.3.6.1.4.1.57264.1.12", "https://github.com/" + repository);
    ext.put("1.3.6.1.4.1.57264.1.14", ref);
    ext.put("1.3.6.1.4.1.57264.1.20", trigger);
    return new TestIdentity("https://token.actions.githubusercontent.com",
        "https://github.com/" + repository + "/" + workflowPath + "@" + ref, ext);
  }
}
