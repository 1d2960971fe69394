package dev.tollgate.repo.keys;

import dev.tollgate.io.SecretFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Reads and writes the PEM key files release engineers sign with: PKCS#8 {@code PRIVATE KEY} or
 * {@code ENCRYPTED PRIVATE KEY} (PBES2, as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} writes),
 * and X.509 {@code PUBLIC KEY} files for keys whose private half lives elsewhere. Only Ed25519
 * and ECDSA P-256 are accepted; anything else is refused by name.
 */
public final class PemKeys {

  private PemKeys() {}

  /** Bouncy Castle is created on first use only: command start-up must not pay for it. */
  private static final class Bc {
    static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();
  }

  /** The algorithm of a supported key. */
  public enum Algorithm {
    ED25519("Ed25519"),
    ECDSA_P256("EC");

    private final String jcaName;

    Algorithm(String jcaName) {
      this.jcaName = jcaName;
    }

    /** The JCA key algorithm name ({@code Ed25519} or {@code EC}). */
    public String jcaName() {
      return jcaName;
    }

    /** The algorithm of a JCA key, if supported. */
    public static Optional<Algorithm> of(PublicKey key) {
      try {
        return Optional.of(algorithmOf(SubjectPublicKeyInfo.getInstance(key.getEncoded())));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
  }

  /** Reads a private key and derives its public half. */
  public static KeyPair readPrivate(Path file, PassphraseSource passphrases) throws KeyFileException {
    Object pem = parsePem(file);
    PrivateKeyInfo info;
    if (pem instanceof PrivateKeyInfo plain) {
      info = plain;
    } else if (pem instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
      info = decrypt(file, encrypted, passphrases);
    } else if (pem instanceof SubjectPublicKeyInfo) {
      throw new KeyFileException(file, "holds a public key; a private key is needed to sign");
    } else {
      throw new KeyFileException(file, "not a PKCS#8 private key (expected a 'PRIVATE KEY' or"
          + " 'ENCRYPTED PRIVATE KEY' PEM block; convert with 'openssl pkcs8 -topk8')");
    }
    return toKeyPair(file, info);
  }

  /**
   * Reads the public key of a file holding either a public key or a private key (an encrypted
   * private key asks {@code passphrases}).
   */
  public static PublicKey readPublic(Path file, PassphraseSource passphrases) throws KeyFileException {
    Object pem = parsePem(file);
    if (pem instanceof SubjectPublicKeyInfo spki) {
      algorithmOf(file, spki);
      return toPublicKey(file, spki);
    }
    return readPrivate(file, passphrases).getPublic();
  }

  /** Whether a PEM file holds a private key (plain or encrypted) rather than only a public key. */
  public static boolean holdsPrivateKey(Path file) throws KeyFileException {
    Object pem = parsePem(file);
    return pem instanceof PrivateKeyInfo || pem instanceof PKCS8EncryptedPrivateKeyInfo;
  }

  /**
   * Writes a private key as PKCS#8 PEM, encrypted with PBES2/AES-256-CBC when a passphrase is
   * given, to {@code file}, which must not exist yet, readable only by its owner. The PEM text is
   * never returned: it goes from a cleared buffer straight to the file.
   */
  public static void writePrivateKey(Path file, PrivateKey key, Optional<char[]> passphrase) throws IOException {
    OutputEncryptor encryptor = null;
    try {
      if (passphrase.isPresent()) {
        encryptor = new JceOpenSSLPKCS8EncryptorBuilder(org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
            .setProvider(Bc.PROVIDER)
            .setRandom(new SecureRandom())
            .setPassword(passphrase.get())
            .build();
      }
    } catch (OperatorCreationException e) {
      throw new IllegalStateException("cannot set up PKCS#8 encryption", e);
    }
    ClearingBuffer buffer = new ClearingBuffer();
    try (JcaPEMWriter writer = new JcaPEMWriter(new OutputStreamWriter(buffer, StandardCharsets.US_ASCII))) {
      writer.writeObject(new JcaPKCS8Generator(key, encryptor).generate());
    }
    byte[] pem = buffer.toByteArray();
    buffer.clear();
    SecretFiles.writeNew(file, pem); // clears pem
  }

  /** A byte buffer whose internal array can be wiped once its content has been copied out. */
  private static final class ClearingBuffer extends ByteArrayOutputStream {
    void clear() {
      Arrays.fill(buf, (byte) 0);
      reset();
    }
  }

  /** Writes a public key as an X.509 SubjectPublicKeyInfo PEM block. */
  public static String publicKeyPem(PublicKey key) {
    try {
      return pem(key);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode public key", e);
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private static Object parsePem(Path file) throws KeyFileException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      Object first = parser.readObject();
      if (first == null) {
        throw new KeyFileException(file, "no PEM block found");
      }
      return first;
    } catch (IOException | IllegalArgumentException e) {
      throw new KeyFileException(file, "cannot be read as PEM (" + e.getMessage() + ")", e);
    }
  }

  private static PrivateKeyInfo decrypt(
      Path file, PKCS8EncryptedPrivateKeyInfo encrypted, PassphraseSource passphrases)
      throws KeyFileException {
    Optional<char[]> passphrase;
    try {
      passphrase = passphrases.passphraseFor(file);
    } catch (IOException e) {
      throw new KeyFileException(file, "cannot read its passphrase (" + e.getMessage() + ")", e);
    }
    if (passphrase.isEmpty()) {
      throw new KeyFileException(file, "is encrypted and no passphrase is available"
          + " (give --passphrase-file, or run on a terminal to be asked)");
    }
    char[] secret = passphrase.get();
    try {
      return encrypted.decryptPrivateKeyInfo(
          new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(secret));
    } catch (PKCSException | OperatorCreationException e) {
      throw new KeyFileException(file, "wrong passphrase (the key could not be decrypted)", e);
    } finally {
      Arrays.fill(secret, '\0');
    }
  }

  private static KeyPair toKeyPair(Path file, PrivateKeyInfo info) throws KeyFileException {
    ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
    try {
      AsymmetricKeyParameter params = PrivateKeyFactory.createKey(info);
      SubjectPublicKeyInfo spki;
      Algorithm algorithm;
      if (params instanceof Ed25519PrivateKeyParameters ed) {
        algorithm = Algorithm.ED25519;
        spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(ed.generatePublicKey());
      } else if (params instanceof ECPrivateKeyParameters ec && isP256(info)) {
        algorithm = Algorithm.ECDSA_P256;
        ECPublicKeyParameters pub = new ECPublicKeyParameters(
            ec.getParameters().getG().multiply(ec.getD()).normalize(), ec.getParameters());
        spki = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pub);
      } else {
        throw new KeyFileException(file, "unsupported key algorithm " + oid
            + " (only Ed25519 and ECDSA P-256 are accepted)");
      }
      KeyFactory factory = KeyFactory.getInstance(algorithm.jcaName());
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
      return new KeyPair(publicKey, privateKey);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new KeyFileException(file, "malformed private key (" + e.getMessage() + ")", e);
    }
  }

  private static boolean isP256(PrivateKeyInfo info) {
    return X9ObjectIdentifiers.id_ecPublicKey.equals(info.getPrivateKeyAlgorithm().getAlgorithm())
        && SECObjectIdentifiers.secp256r1.equals(info.getPrivateKeyAlgorithm().getParameters());
  }

  private static Algorithm algorithmOf(SubjectPublicKeyInfo spki) {
    ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
    if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
      return Algorithm.ED25519;
    }
    if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)
        && SECObjectIdentifiers.secp256r1.equals(spki.getAlgorithm().getParameters())) {
      return Algorithm.ECDSA_P256;
    }
    throw new IllegalArgumentException("unsupported key algorithm " + oid
        + " (only Ed25519 and ECDSA P-256 are accepted)");
  }

  private static void algorithmOf(Path file, SubjectPublicKeyInfo spki) throws KeyFileException {
    try {
      algorithmOf(spki);
    } catch (IllegalArgumentException e) {
      throw new KeyFileException(file, e.getMessage());
    }
  }

  private static PublicKey toPublicKey(Path file, SubjectPublicKeyInfo spki) throws KeyFileException {
    try {
      return KeyFactory.getInstance(algorithmOf(spki).jcaName())
          .generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyFileException(file, "malformed public key (" + e.getMessage() + ")", e);
    }
  }
}
