package dev.tollgate.provenance;

import dev.tollgate.provenance.note.FormatException;
import dev.tollgate.provenance.note.SignerKey;
import dev.tollgate.provenance.note.VerifierKey;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The log's Ed25519 signing key and its name (the checkpoint origin). Stored as a C2SP / Go
 * {@code PRIVATE+KEY+name+id+key} string; its public half is the verifier key auditors hold.
 */
public final class LogKey {
  private final SignerKey signer;

  private LogKey(SignerKey signer) {
    this.signer = signer;
  }

  /** A fresh key; {@code name} is the log's origin, e.g. {@code tollgate.example/endpoint/host-17}. */
  public static LogKey generate(String name) {
    try {
      return new LogKey(SignerKey.generate(name, new SecureRandom()));
    } catch (FormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  public static LogKey parse(String signerKey) throws FormatException {
    return new LogKey(SignerKey.parse(signerKey));
  }

  /** Reads a signer key file written by {@link #write(Path)} or by Go's {@code note.GenerateKey}. */
  public static LogKey load(Path file) throws IOException {
    try {
      return new LogKey(SignerKey.read(file));
    } catch (FormatException e) {
      throw new IOException(file + ": not a log signing key: " + e.getMessage(), e);
    }
  }

  /** Writes the secret key to a new file readable only by its owner (where the OS supports it). */
  public void write(Path file) throws IOException {
    signer.writeTo(file);
  }

  public String name() {
    return signer.name();
  }

  public SignerKey signer() {
    return signer;
  }

  public VerifierKey verifierKey() {
    return signer.verifierKey();
  }

  @Override
  public String toString() {
    return "LogKey[" + verifierKey() + "]";
  }
}
