package dev.tollgate.updater.tpm;

import java.util.Locale;

/** The attestation key's algorithm and signing scheme, as {@code tpm2_createak} names them. */
public enum AttestationKeyType {
  ECC_ECDSA("ecc", "ecdsa"),
  RSA_RSASSA("rsa", "rsassa"),
  RSA_PSS("rsa", "rsapss");

  private final String algorithm;
  private final String scheme;

  AttestationKeyType(String algorithm, String scheme) {
    this.algorithm = algorithm;
    this.scheme = scheme;
  }

  String algorithm() {
    return algorithm;
  }

  String scheme() {
    return scheme;
  }

  /** Parses {@code ecc}, {@code rsa} (RSASSA) or {@code rsapss}. */
  public static AttestationKeyType parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "ecc": case "ecdsa": return ECC_ECDSA;
      case "rsa": case "rsassa": return RSA_RSASSA;
      case "rsapss": case "rsa-pss": return RSA_PSS;
      default: throw new IllegalArgumentException("attestation key type '" + text
          + "' is not ecc, rsa or rsapss");
    }
  }
}
