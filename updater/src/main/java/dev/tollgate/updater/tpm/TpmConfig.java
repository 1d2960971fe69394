package dev.tollgate.updater.tpm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.io.AtomicFiles;
import dev.tollgate.verifier.tpm.ClockInfo;
import dev.tollgate.verifier.tpm.PcrExpectation;
import dev.tollgate.verifier.tpm.PcrRef;
import dev.tollgate.verifier.tpm.PcrSelection;
import dev.tollgate.verifier.tpm.PublicKeys;
import dev.tollgate.verifier.tpm.TpmFormatException;
import dev.tollgate.verifier.tpm.TpmHash;
import dev.tollgate.verifier.tpm.TpmtPublic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pinned TPM configuration of one endpoint, kept in a directory written by
 * {@code tollgate tpm enroll}: {@code tpm.json} (TCTI, AK handle, PCR policy, measured PCR),
 * {@code ak.pub} (the AK's TPM2B_PUBLIC as enrolled), {@code ak.pem} for auditors and
 * {@code last-quote.json} (the boot counters of the last accepted quote, to refuse replays).
 */
public final class TpmConfig {
  public static final String CONFIG_FILE = "tpm.json";
  public static final String AK_PUBLIC_FILE = "ak.pub";
  public static final String AK_PEM_FILE = "ak.pem";
  public static final String EK_CERT_FILE = "ek-cert.pem";
  public static final String LAST_QUOTE_FILE = "last-quote.json";
  public static final PcrRef DEFAULT_MEASURED_PCR = new PcrRef(TpmHash.SHA256, 23);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private final Path dir;
  private final String tcti;
  private final String akHandle;
  private final TpmtPublic attestationKey;
  private final List<PcrExpectation> policy;
  private final PcrRef measuredPcr;

  public TpmConfig(Path dir, String tcti, String akHandle, TpmtPublic attestationKey,
      List<PcrExpectation> policy, PcrRef measuredPcr) {
    this.dir = dir;
    this.tcti = tcti;
    this.akHandle = QuoteCollector.requirePersistentHandle(akHandle);
    this.attestationKey = attestationKey;
    this.policy = List.copyOf(policy);
    this.measuredPcr = measuredPcr;
    for (PcrExpectation p : policy) {
      if (p.bank() == measuredPcr.bank() && p.pcr() == measuredPcr.pcr()) {
        throw new IllegalArgumentException("PCR " + measuredPcr + " is the measurement PCR and"
            + " changes with every install; it cannot also be pinned by the policy");
      }
    }
  }

  public static TpmConfig load(Path dir) throws IOException {
    Path file = dir.resolve(CONFIG_FILE);
    JsonNode root = JSON.readTree(file.toFile());
    try {
      TpmtPublic ak = TpmtPublic.parseSized(Files.readAllBytes(dir.resolve(AK_PUBLIC_FILE)));
      List<PcrExpectation> policy = new ArrayList<>();
      JsonNode pcrs = root.path("policy");
      for (Iterator<Map.Entry<String, JsonNode>> it = pcrs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        policy.add(PcrExpectation.parse(e.getKey() + "=" + e.getValue().asText()));
      }
      return new TpmConfig(dir, text(root, "tcti", file), text(root, "ak_handle", file), ak,
          policy, PcrRef.parse(root.path("measured_pcr").asText(DEFAULT_MEASURED_PCR.toString())));
    } catch (TpmFormatException | IllegalArgumentException e) {
      throw new IOException(file + " or " + AK_PUBLIC_FILE + " is malformed: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode root, String field, Path file) throws IOException {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new IOException(file + " lacks the string field '" + field + "'");
    }
    return n.asText();
  }

  /** Writes {@code tpm.json}, {@code ak.pub} and {@code ak.pem} into the directory. */
  public void save() throws IOException {
    Files.createDirectories(dir);
    ObjectNode root = JSON.createObjectNode();
    root.put("tcti", tcti);
    root.put("ak_handle", akHandle);
    root.put("ak_name", HEX.formatHex(attestationKey.name()));
    ObjectNode pcrs = root.putObject("policy");
    policy.forEach(p -> pcrs.put(p.label(), HEX.formatHex(p.value())));
    root.put("measured_pcr", measuredPcr.toString());
    AtomicFiles.write(dir.resolve(AK_PUBLIC_FILE), attestationKey.marshalledSized());
    AtomicFiles.write(dir.resolve(AK_PEM_FILE),
        PublicKeys.toPem(attestationKey.publicKey()).getBytes(StandardCharsets.US_ASCII));
    AtomicFiles.write(dir.resolve(CONFIG_FILE),
        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }

  /** A copy with a new PCR policy. */
  public TpmConfig withPolicy(List<PcrExpectation> newPolicy) {
    return new TpmConfig(dir, tcti, akHandle, attestationKey, newPolicy, measuredPcr);
  }

  public Optional<ClockInfo> lastQuote() throws IOException {
    Path file = dir.resolve(LAST_QUOTE_FILE);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    JsonNode n = JSON.readTree(file.toFile());
    if (!n.path("reset_count").canConvertToLong() || !n.path("restart_count").canConvertToLong()
        || !n.path("clock").canConvertToLong()) {
      throw new IOException(file + " is malformed: reset_count, restart_count and clock needed");
    }
    return Optional.of(new ClockInfo(n.get("clock").asLong(), n.get("reset_count").asLong(),
        n.get("restart_count").asLong(), n.path("safe").asBoolean(false)));
  }

  public void recordLastQuote(ClockInfo clock) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("clock", clock.clock());
    n.put("reset_count", clock.resetCount());
    n.put("restart_count", clock.restartCount());
    n.put("safe", clock.safe());
    AtomicFiles.write(dir.resolve(LAST_QUOTE_FILE), JSON.writeValueAsBytes(n));
  }

  /**
   * Drops the record of the last accepted quote. Enrollment starts a new history: a TPM that was
   * cleared since restarts its boot counters at zero, which the old record would refuse forever.
   */
  public void forgetLastQuote() throws IOException {
    Files.deleteIfExists(dir.resolve(LAST_QUOTE_FILE));
  }

  public Path dir() {
    return dir;
  }

  public String tcti() {
    return tcti;
  }

  public String akHandle() {
    return akHandle;
  }

  public TpmtPublic attestationKey() {
    return attestationKey;
  }

  public List<PcrExpectation> policy() {
    return policy;
  }

  public PcrRef measuredPcr() {
    return measuredPcr;
  }

  /** The PCRs every install-time quote covers: the policy PCRs and the measurement PCR. */
  public PcrSelection quoteSelection() {
    List<PcrRef> refs = new ArrayList<>();
    policy.forEach(p -> refs.add(new PcrRef(p.bank(), p.pcr())));
    refs.add(measuredPcr);
    return PcrSelection.of(refs);
  }
}
