package dev.tollgate.cli.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.cli.RefusedException;
import dev.tollgate.updater.install.CheckFailedException;
import dev.tollgate.updater.install.EndpointConfig;
import dev.tollgate.updater.install.OperatorRollback;
import dev.tollgate.updater.log.ProvenanceEvents;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Switches a bundle back to a kept slot. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {
      "Switch NAME back to a kept good slot: the most recently installed one other than the running"
          + " version that this endpoint may run, or --to VERSION. Never a version whose"
          + " security_version is below the floor (going below needs a new signed release), one"
          + " marked bad here (by a failed health check or an earlier rollback), or one the refreshed"
          + " metadata shows revoked or withdrawn, or cannot confirm because it cannot be refreshed."
          + " The version left is marked bad here so neither the next update nor the next rollback"
          + " returns to it; a newer release is installed as usual."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  tollgate rollback desk-agent",
      "  tollgate rollback desk-agent --to 1.4.1 --json",
      "",
      "Exit codes: 0 switched, 1 refused, 2 usage or configuration error, 3 I/O, lock or network error."
    })
public final class RollbackCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;
  @Mixin private EndpointOptions options;

  @Parameters(index = "0", paramLabel = "NAME", description = "The tracked bundle to roll back.")
  private String name;

  @Option(names = "--to", paramLabel = "VERSION", description = "The kept version to go back to.")
  private String to;

  @Override
  public Integer call() throws Exception {
    EndpointConfig config = options.load();
    if (config.bundles().stream().noneMatch(b -> b.name().equals(name))) {
      throw new IllegalArgumentException(name + " is not a bundle " + options.config + " tracks (it tracks "
          + config.bundles().stream().map(b -> b.name()).toList() + ")");
    }
    TufSources.requireInitialised(config, options.config);
    Clock clock = Clock.systemUTC();
    String now;
    try (ProvenanceEvents events = EndpointRuntime.events(config)) {
      OperatorRollback rollback = new OperatorRollback(config, EndpointRuntime.source(config, clock), clock, events);
      now = rollback.rollback(name, Optional.ofNullable(to));
    } catch (CheckFailedException e) {
      throw new RefusedException(e.getMessage(), e);
    }
    if (options.json) {
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("name", name);
      o.put("current", now);
      spec.commandLine().getOut().println(o.toPrettyString());
    } else {
      spec.commandLine().getOut().println(name + ": now running " + now);
    }
    return 0;
  }
}
