package dev.tollgate.cli.demo;

import dev.tollgate.release.BundleKind;
import dev.tollgate.release.SignerIdentity;
import java.nio.file.Path;

/**
 * One built release: what it is, its artifact, and the build identity that signs it (a GitHub
 * release workflow of the bundle's own repository, as a real pipeline would have).
 */
record DemoBundle(BundleKind kind, String name, String version, Path artifact) {
  static final String ISSUER = "https://token.actions.githubusercontent.com";

  SignerIdentity signer() {
    return new SignerIdentity(ISSUER, "https://github.com/acme/" + name + "/.github/workflows/release.yml@refs/tags/v"
        + version);
  }

  /** The anti-downgrade floor every demo release states and its build attests. */
  long securityVersion() {
    return 1;
  }

  /** The policy endpoints pin for this kind: any tag of this repository's release workflow. */
  static String identityPattern(String name) {
    return "^https://github\\.com/acme/" + name.replace(".", "\\.")
        + "/\\.github/workflows/release\\.yml@refs/tags/v[0-9.]+$";
  }

  String label() {
    return kind.label() + " " + name + " " + version;
  }
}
