package dev.tollgate.cli.fleet;

import picocli.CommandLine.Command;

/** Groups the fleet health commands. */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    description = "Fleet health: collect the signed health reports endpoints send after each install,"
        + " rollback or refusal, and export an endpoint's device key for enrollment.",
    subcommands = {ServeCommand.class, DeviceKeyCommand.class},
    footerHeading = "%nExample:%n",
    footer = {"  tollgate fleet serve --db /var/lib/tollgate/fleet.db --enroll preshared --devices devices.txt",
        "",
        "Exit codes: 0 ok, 1 refused, 2 usage or configuration error, 3 I/O, database or network error."})
public final class FleetCommand {}
