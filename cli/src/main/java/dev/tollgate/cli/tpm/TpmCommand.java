package dev.tollgate.cli.tpm;

import picocli.CommandLine.Command;

/** {@code tollgate tpm}: the TPM 2.0 attestation commands. */
@Command(
    name = "tpm",
    mixinStandardHelpOptions = true,
    description = {
      "Optional TPM 2.0 host attestation: enroll the TPM (EK certificate check, attestation key, credential"
          + " activation), collect quotes, and verify quotes offline with nothing but the pinned attestation key."
          + " Logged install evidence is re-verified by 'tollgate audit verify-logged'."
    },
    subcommands = {
      EnrollCommand.class,
      QuoteCommand.class,
      VerifyQuoteCommand.class,
      VerifyLoggedCommand.UnderTpm.class,
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  tollgate tpm enroll --tcti device:/dev/tpmrm0 --manufacturer-ca vendor-roots.pem \\",
      "      --config-dir /etc/tollgate/tpm --policy-pcrs sha256:0,2,4,7",
      "  tollgate tpm verify-quote --ak ak.pem --nonce 0011...ff --quote quote.msg \\",
      "      --signature quote.sig --pcrs quote.pcrs --pcr-selection sha256:0,16 --expect-pcr 16=00...00"
    })
public final class TpmCommand {}
