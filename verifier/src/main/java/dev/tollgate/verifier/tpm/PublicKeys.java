package dev.tollgate.verifier.tpm;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PEM SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----}) for RSA and EC keys. */
public final class PublicKeys {
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  private PublicKeys() {}

  public static PublicKey fromPem(String pem) throws TpmFormatException {
    int from = pem.indexOf(BEGIN);
    int to = pem.indexOf(END);
    if (from < 0 || to < from) {
      throw new TpmFormatException("public key: no '" + BEGIN + "' block found");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(from + BEGIN.length(), to));
    } catch (IllegalArgumentException e) {
      throw new TpmFormatException("public key: PEM body is not base64");
    }
    for (String alg : new String[] {"EC", "RSA"}) {
      try {
        return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException notThisType) {
        // try the next key type
      }
    }
    throw new TpmFormatException("public key: neither an RSA nor an EC SubjectPublicKeyInfo");
  }

  public static String toPem(PublicKey key) {
    return BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
        .encodeToString(key.getEncoded()) + "\n" + END + "\n";
  }
}
