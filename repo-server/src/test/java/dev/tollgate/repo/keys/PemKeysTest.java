package dev.tollgate.repo.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.repo.testing.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeysTest {
  @TempDir Path tmp;

  @Test
  void readsOpensslEd25519KeyAndDerivesTheMatchingPublicKey() throws Exception {
    KeyPair pair = PemKeys.readPrivate(TestKeys.privateKey("root-1"), PassphraseSource.none());
    PublicKey fromPubFile = PemKeys.readPublic(TestKeys.publicKey("root-1"), PassphraseSource.none());
    assertArrayEquals(fromPubFile.getEncoded(), pair.getPublic().getEncoded());
    assertSignatureVerifies(pair, "Ed25519");
  }

  @Test
  void readsOpensslP256KeyAndDerivesTheMatchingPublicKey() throws Exception {
    KeyPair pair = PemKeys.readPrivate(TestKeys.privateKey("ecdsa-p256"), PassphraseSource.none());
    PublicKey fromPubFile = PemKeys.readPublic(TestKeys.publicKey("ecdsa-p256"), PassphraseSource.none());
    assertArrayEquals(fromPubFile.getEncoded(), pair.getPublic().getEncoded());
    assertEquals(Optional.of(PemKeys.Algorithm.ECDSA_P256), PemKeys.Algorithm.of(pair.getPublic()));
    assertSignatureVerifies(pair, "SHA256withECDSA");
  }

  @Test
  void encryptedKeyOpensWithThePassphraseFile() throws Exception {
    KeyPair pair = PemKeys.readPrivate(TestKeys.privateKey("encrypted-ed25519"),
        PassphraseSource.fromFile(TestKeys.passphraseFile()));
    assertArrayEquals(PemKeys.readPublic(TestKeys.publicKey("encrypted-ed25519"), PassphraseSource.none()).getEncoded(),
        pair.getPublic().getEncoded());
  }

  @Test
  void wrongPassphraseIsNamed() throws Exception {
    Path wrong = Files.writeString(tmp.resolve("wrong.txt"), "not it\n");
    KeyFileException e = assertThrows(KeyFileException.class, () -> PemKeys.readPrivate(
        TestKeys.privateKey("encrypted-ed25519"), PassphraseSource.fromFile(wrong)));
    assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
  }

  @Test
  void encryptedKeyWithoutPassphraseSaysHowToGiveOne() {
    KeyFileException e = assertThrows(KeyFileException.class, () -> PemKeys.readPrivate(
        TestKeys.privateKey("encrypted-ed25519"), PassphraseSource.none()));
    assertTrue(e.getMessage().contains("--passphrase-file"), e.getMessage());
  }

  @Test
  void writtenKeysReadBackEncryptedOrNot() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = gen.generateKeyPair();
    Path plain = written(tmp.resolve("plain.pem"), pair.getPrivate(), Optional.empty());
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)));
    assertThrows(java.nio.file.FileAlreadyExistsException.class,
        () -> PemKeys.writePrivateKey(plain, pair.getPrivate(), Optional.empty()), "an existing key file is never replaced");
    assertArrayEquals(pair.getPublic().getEncoded(),
        PemKeys.readPrivate(plain, PassphraseSource.none()).getPublic().getEncoded());
    Path secret = Files.writeString(tmp.resolve("pass.txt"), "s3cret");
    Path enc = written(tmp.resolve("enc.pem"), pair.getPrivate(), Optional.of("s3cret".toCharArray()));
    assertTrue(Files.readString(enc).contains("ENCRYPTED PRIVATE KEY"));
    assertArrayEquals(pair.getPublic().getEncoded(),
        PemKeys.readPrivate(enc, PassphraseSource.fromFile(secret)).getPublic().getEncoded());
  }

  @Test
  void unsupportedAlgorithmsAreRefusedByName() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    Path rsaFile = written(tmp.resolve("rsa.pem"), rsa.generateKeyPair().getPrivate(), Optional.empty());
    KeyFileException e = assertThrows(KeyFileException.class, () -> PemKeys.readPrivate(rsaFile, PassphraseSource.none()));
    assertTrue(e.getMessage().contains("unsupported key algorithm"), e.getMessage());

    KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    Path p384File = written(tmp.resolve("p384.pem"), p384.generateKeyPair().getPrivate(), Optional.empty());
    assertThrows(KeyFileException.class, () -> PemKeys.readPrivate(p384File, PassphraseSource.none()));
  }

  @Test
  void garbageAndPublicOnlyFilesAreRefused() throws Exception {
    Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "hello\n");
    assertThrows(KeyFileException.class, () -> PemKeys.readPrivate(garbage, PassphraseSource.none()));
    KeyFileException e = assertThrows(KeyFileException.class,
        () -> PemKeys.readPrivate(TestKeys.publicKey("root-1"), PassphraseSource.none()));
    assertTrue(e.getMessage().contains("public key"), e.getMessage());
    Path truncated = Files.writeString(tmp.resolve("trunc.pem"),
        Files.readString(TestKeys.privateKey("root-1")).substring(0, 50));
    assertThrows(KeyFileException.class, () -> PemKeys.readPrivate(truncated, PassphraseSource.none()));
  }

  private static Path written(Path file, java.security.PrivateKey key, Optional<char[]> passphrase) throws Exception {
    PemKeys.writePrivateKey(file, key, passphrase);
    return file;
  }

  private static void assertSignatureVerifies(KeyPair pair, String algorithm) throws Exception {
    byte[] message = "signed bytes".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(pair.getPrivate());
    signer.update(message);
    byte[] sig = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(pair.getPublic());
    verifier.update(message);
    assertTrue(verifier.verify(sig));
  }
}
