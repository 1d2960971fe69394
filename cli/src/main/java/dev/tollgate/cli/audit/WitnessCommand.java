package dev.tollgate.cli.audit;

import picocli.CommandLine.Command;

/** Groups the C2SP tlog-witness commands: a witness's key and service, and a log's submission to witnesses. */
@Command(
    name = "witness",
    mixinStandardHelpOptions = true,
    description = {
      "Witnesses (C2SP tlog-witness) cosign a log's checkpoints after checking that each one extends the"
          + " last they cosigned, so a log cannot show different histories to different parties. Run one with"
          + " 'serve'; send a log's latest checkpoint to the witnesses of a policy with 'submit'; require a"
          + " quorum with 'tollgate audit verify --witness-policy'."
    },
    subcommands = {WitnessKeygenCommand.class, WitnessServeCommand.class, WitnessSubmitCommand.class},
    footerHeading = "%nExample:%n",
    footer = {"  tollgate audit witness serve --key /etc/tollgate/witness.key --logs /etc/tollgate/witnessed-logs"
        + " --state /var/lib/tollgate/witness"})
public final class WitnessCommand {}
