package dev.tollgate.cli.audit;

import picocli.CommandLine.Command;

/** Groups the provenance-log commands. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Check and query a provenance log: what ran, since when, who built it, who let it in.",
    subcommands = {
      KeygenCommand.class,
      VerifyCommand.class,
      QueryCommand.class,
      ProveCommand.class,
      CheckProofCommand.class,
      ConsistencyCommand.class,
      CheckpointCommand.class,
      PublishCommand.class,
      WitnessCommand.class,
      // Auditors re-verify logged TPM install evidence here; the command's code lives with tpm.
      dev.tollgate.cli.tpm.VerifyLoggedCommand.class,
    },
    footerHeading = "%nExample:%n",
    footer = {"  tollgate audit verify /var/lib/tollgate/provenance --key @/etc/tollgate/log.vkey"})
public final class AuditCommand {}
