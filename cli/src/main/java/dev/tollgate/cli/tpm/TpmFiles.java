package dev.tollgate.cli.tpm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.verifier.tpm.PublicKeys;
import dev.tollgate.verifier.tpm.QuoteReport.Check;
import dev.tollgate.verifier.tpm.TpmFormatException;
import dev.tollgate.verifier.tpm.TpmtPublic;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** File reading and report printing shared by the {@code tollgate tpm} commands. */
final class TpmFiles {
  private TpmFiles() {}

  /** Reads an AK public key: PEM SubjectPublicKeyInfo or the TPM2B_PUBLIC tpm2_createak writes. */
  static PublicKey readAttestationKey(Path file) throws IOException {
    byte[] data = Files.readAllBytes(file);
    String text = new String(data, StandardCharsets.US_ASCII);
    try {
      return text.contains("-----BEGIN PUBLIC KEY-----") ? PublicKeys.fromPem(text)
          : TpmtPublic.parseSized(data).publicKey();
    } catch (TpmFormatException e) {
      throw new IllegalArgumentException("--ak " + file + " is neither a PEM public key nor a"
          + " TPM2B_PUBLIC: " + e.getMessage(), e);
    }
  }

  static byte[] hex(String option, String value) {
    String v = value.trim();
    if (v.startsWith("0x") || v.startsWith("0X")) {
      v = v.substring(2);
    }
    try {
      return HexFormat.of().parseHex(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + " '" + value + "' is not hex", e);
    }
  }

  static List<X509Certificate> readCertificates(List<Path> files) throws IOException {
    List<X509Certificate> certs = new ArrayList<>();
    for (Path f : files) {
      int before = certs.size();
      try (InputStream in = Files.newInputStream(f)) {
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          certs.add((X509Certificate) c);
        }
      } catch (CertificateException e) {
        throw new IllegalArgumentException(f + " is not a PEM or DER certificate file: "
            + e.getMessage(), e);
      }
      if (certs.size() == before) {
        throw new IllegalArgumentException(f + " holds no certificate");
      }
    }
    return certs;
  }

  /** Prints checks as aligned text lines, or as JSON with {@code extra} fields merged in. */
  static void printChecks(PrintWriter out, boolean json, String subject, boolean passed,
      List<Check> checks, ObjectNode extra) {
    if (json) {
      ObjectNode root = new ObjectMapper().createObjectNode();
      root.put("passed", passed);
      ArrayNode list = root.putArray("checks");
      for (Check c : checks) {
        list.addObject().put("name", c.name()).put("outcome", c.outcome().name())
            .put("detail", c.detail());
      }
      if (extra != null) {
        root.setAll(extra);
      }
      out.println(root.toPrettyString());
    } else {
      for (Check c : checks) {
        out.printf("%-8s %-28s %s%n", c.outcome(), c.name(), c.detail());
      }
      out.println(subject + (passed ? ": verified" : ": REFUSED"));
    }
    out.flush();
  }
}
