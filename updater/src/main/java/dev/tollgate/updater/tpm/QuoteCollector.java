package dev.tollgate.updater.tpm;

import dev.tollgate.verifier.tpm.PcrRef;
import dev.tollgate.verifier.tpm.PcrSelection;
import dev.tollgate.verifier.tpm.QuoteEvidence;
import dev.tollgate.verifier.tpm.TpmtPublic;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Collects quotes from the TPM with {@code tpm2_quote} and extends PCRs with
 * {@code tpm2_pcrextend}. Returns raw evidence only: callers must run it through
 * {@code QuoteVerifier} before believing any PCR value in it.
 */
public final class QuoteCollector {
  private static final Pattern HANDLE = Pattern.compile("0x81[0-9a-fA-F]{6}");

  private final TpmTools tools;
  private final String akHandle;
  private final String scheme;

  /** Quotes with the key at {@code akHandle}, whose public area is {@code ak}. */
  public QuoteCollector(TpmTools tools, String akHandle, TpmtPublic ak) {
    this.tools = tools;
    this.akHandle = requirePersistentHandle(akHandle);
    this.scheme = ak.signingScheme().orElseThrow(() -> new IllegalArgumentException(
        "the attestation key has no signing scheme"));
  }

  static String requirePersistentHandle(String handle) {
    if (!HANDLE.matcher(handle).matches()) {
      throw new IllegalArgumentException("attestation key handle '" + handle
          + "' is not a persistent handle like 0x81010002");
    }
    return handle;
  }

  /** Asks the TPM to quote {@code selection} over {@code nonce} with the attestation key. */
  public QuoteEvidence quote(PcrSelection selection, byte[] nonce) throws IOException {
    try (WorkDir work = WorkDir.create()) {
      tools.run(work.path(), "tpm2_quote", "-c", akHandle, "-l", selection.toString(),
          "-q", HexFormat.of().formatHex(nonce), "-m", "quote.msg", "-s", "quote.sig",
          "-o", "quote.pcrs", "-F", "values", "--scheme", scheme);
      tools.flush(work.path());
      return new QuoteEvidence(Files.readAllBytes(work.resolve("quote.msg")),
          Files.readAllBytes(work.resolve("quote.sig")),
          Files.readAllBytes(work.resolve("quote.pcrs")));
    }
  }

  /** Extends {@code pcr} with {@code digest} (which must have the bank's digest length). */
  public void extend(PcrRef pcr, byte[] digest) throws IOException {
    if (digest.length != pcr.bank().digestLength()) {
      throw new IllegalArgumentException("a " + pcr.bank().tpmName() + " PCR is extended with "
          + pcr.bank().digestLength() + " bytes, not " + digest.length);
    }
    try (WorkDir work = WorkDir.create()) {
      tools.run(work.path(), "tpm2_pcrextend",
          pcr.pcr() + ":" + pcr.bank().tpmName() + "=" + HexFormat.of().formatHex(digest));
    }
  }
}
