package dev.tollgate.updater.verify;

import dev.tollgate.provenance.LogKey;
import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.witness.WitnessPolicy;
import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.InvalidConfigException;
import dev.tollgate.updater.install.KindPolicy;
import dev.tollgate.updater.install.SigstoreSettings;
import dev.tollgate.release.BundleKind;
import dev.tollgate.updater.report.DeviceKeyFile;
import dev.tollgate.updater.tpm.TpmConfig;
import dev.tollgate.tuf.TufException;
import dev.tollgate.tuf.Updater;
import dev.tollgate.verifier.sigstore.SignerPolicy;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks everything an endpoint configuration points to, once, when it is loaded and before any
 * network use: the pinned TUF root is root metadata signed by its own keys; per kind the Sigstore
 * trusted root parses (or the TUF root its trusted root is refreshed from is a signed root), the public key is a PEM public key, the identity pattern compiles, the SBOM
 * policy parses as a policy and the OSV folder as OSV records; the TPM folder holds an enrollment;
 * the provenance key file is a log signing key and its witness policy parses and lists the log; the fleet block's device key is an owner-only
 * Ed25519 key. A configuration that names something broken is a
 * local mistake, reported as {@link InvalidConfigException} ("FIELD: FILE: what is wrong"), so it
 * is never mistaken for a refused release.
 */
public final class EndpointConfigCheck {
  /**
   * The version substituted for a {@code {version}} placeholder when an identity pattern is
   * compiled here; at verification the release's version takes its place, quoted.
   */
  static final String SAMPLE_VERSION = "1.0.0";

  private EndpointConfigCheck() {}

  /** Returns {@code config} when everything it names is usable; throws naming the first fault. */
  public static EndpointConfig check(EndpointConfig config) {
    checkTufRoot("repository.root", config.tufRoot());
    for (Map.Entry<BundleKind, KindPolicy> k : config.kinds().entrySet()) {
      String where = "kinds." + k.getKey().label();
      KindPolicy policy = k.getValue();
      checkSigstore(policy.sigstore(), where + ".sigstore");
      policy.sbom().ifPresent(s -> {
        CycloneDxSbomCheck.policy(s, where + ".sbom");
        CycloneDxSbomCheck.osv(s, where + ".sbom");
      });
    }
    config.tpmConfigDir().ifPresent(EndpointConfigCheck::checkTpm);
    config.provenance().ifPresent(p -> {
      LogKey key;
      try {
        key = LogKey.load(p.keyFile());
      } catch (IOException | RuntimeException e) {
        throw fault("provenance.key_file", p.keyFile(), "is not a usable log signing key", e);
      }
      p.witnessPolicy().ifPresent(file -> witnessPolicy(file, key));
    });
    config.fleet().ifPresent(f -> {
      try {
        DeviceKeyFile.load(f.keyFile());
      } catch (IOException | RuntimeException e) {
        throw fault("fleet.key_file", f.keyFile(), "is not a usable device key (Ed25519, PKCS#8 PEM, owner-only;"
            + " 'tollgate init' creates one)", e);
      }
    });
    return config;
  }

  private static void checkTufRoot(String field, Path file) {
    try {
      Updater.checkRoot(Files.readAllBytes(file));
    } catch (IOException | TufException | RuntimeException e) {
      throw fault(field, file, "is not a usable TUF root", e);
    }
  }

  private static void checkSigstore(SigstoreSettings s, String where) {
    s.trustedRoot().ifPresent(file -> SigstoreSignatureCheck.pinnedTrustedRoot(file, where + ".trusted_root"));
    s.tuf().root().ifPresent(file -> checkTufRoot(where + ".tuf.root", file));
    if (s instanceof SigstoreSettings.PublicKeyPolicy key) {
      SigstoreSignatureCheck.pinnedPublicKey(key.publicKey(), where + ".public_key");
    } else if (s instanceof SigstoreSettings.IdentityPatternPolicy p) {
      String sample = p.identityPattern().replace("{version}", Pattern.quote(SAMPLE_VERSION));
      try {
        SignerPolicy.identityPattern(p.issuer(), sample).build();
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigException(where + ".identity_pattern: '" + p.identityPattern() + "': " + e.getMessage(), e);
      }
    }
  }

  /** The policy the log's checkpoints are cosigned under: it parses and lists this log's key. */
  public static WitnessPolicy witnessPolicy(Path file, LogKey logKey) {
    WitnessPolicy policy;
    try {
      policy = WitnessPolicy.parse(Files.readAllBytes(file), file.toString());
    } catch (IOException | FormatException | RuntimeException e) {
      throw fault("provenance.witness_policy", file, "is not a usable witness policy (C2SP tlog-policy)", e);
    }
    if (!policy.accepts(logKey.verifierKey())) {
      throw new InvalidConfigException("provenance.witness_policy: " + file + " does not list this endpoint's log key "
          + logKey.verifierKey() + " (add a 'log' line with it)");
    }
    return policy;
  }

  private static void checkTpm(Path dir) {
    try {
      TpmConfig.load(dir);
    } catch (IOException | RuntimeException e) {
      throw fault("tpm.config_dir", dir, "holds no usable TPM enrollment (run 'tollgate tpm enroll"
          + " --config-dir " + dir + "')", e);
    }
  }

  /**
   * A configuration fault for {@code field}, which names {@code file}: "FIELD: FILE is not ...: why".
   * A missing or unreadable file is said plainly.
   */
  static InvalidConfigException fault(String field, Path file, String what, Exception cause) {
    String why;
    if (cause instanceof NoSuchFileException) {
      why = "does not exist";
    } else if (cause instanceof AccessDeniedException) {
      why = "cannot be read (permission denied)";
    } else {
      why = what + ": " + cause.getMessage();
    }
    return new InvalidConfigException(field + ": " + file + " " + why, cause);
  }
}
