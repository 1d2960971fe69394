package dev.tollgate.fleet;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A device's Ed25519 signing key. Stored as a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----},
 * RFC 8410), the form {@code openssl genpkey -algorithm ed25519} writes and
 * {@code openssl pkey -pubout} reads. The secret never appears in {@link #toString()}.
 */
public final class DeviceKey {
  private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private final Ed25519PrivateKeyParameters secret;
  private final DevicePublicKey publicKey;

  private DeviceKey(byte[] seed) {
    this.secret = new Ed25519PrivateKeyParameters(seed, 0);
    this.publicKey = DevicePublicKey.ofRaw(secret.generatePublicKey().getEncoded());
  }

  public static DeviceKey generate(SecureRandom random) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return new DeviceKey(seed);
  }

  /** Reads the PEM text of {@link #toPem()}; any other key type or layout is refused. */
  public static DeviceKey fromPem(String pem) {
    String body = pem.strip();
    if (!body.startsWith(BEGIN) || !body.endsWith(END)) {
      throw new InvalidReportException("not a PEM private key (expected " + BEGIN + ")");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(body.substring(BEGIN.length(), body.length() - END.length()));
    } catch (IllegalArgumentException e) {
      throw new InvalidReportException("PEM private key is not base64: " + e.getMessage(), e);
    }
    if (der.length != PKCS8_PREFIX.length + 32
        || !Arrays.equals(Arrays.copyOf(der, PKCS8_PREFIX.length), PKCS8_PREFIX)) {
      throw new InvalidReportException("PEM private key is not an Ed25519 key in PKCS#8 (RFC 8410) form");
    }
    return new DeviceKey(Arrays.copyOfRange(der, PKCS8_PREFIX.length, der.length));
  }

  /** The PKCS#8 PEM text; write it only to a file its owner alone may read. */
  public String toPem() {
    byte[] der = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + 32);
    System.arraycopy(secret.getEncoded(), 0, der, PKCS8_PREFIX.length, 32);
    return BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n" + END + "\n";
  }

  public DevicePublicKey publicKey() {
    return publicKey;
  }

  byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, secret);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  @Override
  public String toString() {
    return "DeviceKey[" + publicKey + "]";
  }
}
