package dev.tollgate.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Step: build the agent (tar.gz), plugin (zip) and model (one file), write their SBOMs, sign them. */
final class BuildStep {
  static final String TRUSTED_ROOT = "trusted_root.json";

  private BuildStep() {}

  /** A built release ready to publish: artifact, SBOM, and the Sigstore bundle when signing ran. */
  record Release(DemoBundle bundle, Path sbom, Optional<Path> sigstoreBundle) {}

  static List<Release> run(Workspace w, BuildSigner signer, Narrator n) throws IOException {
    n.step("Build an agent, a plugin and a model; write their CycloneDX SBOMs; attest them with the test Sigstore"
        + " instance");
    BundleFactory factory = new BundleFactory(w.build());
    List<DemoBundle> bundles = List.of(factory.agent("1.0.0"), factory.plugin("1.0.0", true), factory.model("1.0.0"));
    List<Release> out = new ArrayList<>();
    for (DemoBundle b : bundles) {
      Path sbom = SbomWriter.write(b);
      Path signature = signer.sign(b);
      n.say(b.label() + ": " + w.root().relativize(b.artifact()) + " (" + Files.size(b.artifact()) + " bytes)");
      n.detail("SBOM " + sbom.getFileName() + " (CycloneDX 1.6; metadata.component carries the artifact's SHA-256/512)");
      n.detail("Sigstore bundle " + signature.getFileName() + ": release attestation (" + b.label()
          + ", security_version " + b.securityVersion() + "), certificate for " + b.signer().identity());
      out.add(new Release(b, sbom, Optional.of(signature)));
    }
    n.say("the test instance's trusted root (CA, transparency log, CT log, TSA keys): "
        + w.root().relativize(w.trust().resolve(TRUSTED_ROOT)));
    return out;
  }

  /** Builds one more release later in the demo (roll-back and tamper steps) the same way. */
  static Release more(BuildSigner signer, DemoBundle b) throws IOException {
    return new Release(b, SbomWriter.write(b), Optional.of(signer.sign(b)));
  }
}
