package dev.tollgate.cli.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tollgate demo}: the whole system on loopback, with test keys, in one command. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the whole system working, all on loopback in a temporary folder: a TUF repository made"
          + " with the TEST-ONLY keys and a delegation per bundle kind; an agent, a plugin and a model signed"
          + " with a test Sigstore instance and published with CycloneDX SBOMs and a staged rollout; simulated"
          + " endpoints updating through the real 'tollgate update'; a failing health check rolling back; a"
          + " tampered target refused everywhere; and an audit of an endpoint's provenance log with an"
          + " inclusion proof. Test keys and the test Sigstore instance are never used outside the demo."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  ./tollgate demo",
      "  ./tollgate demo --keep /tmp/tollgate-demo   # what is where: see README.md"
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--keep", paramLabel = "DIR",
      description = "Make everything in DIR (new or empty) and leave it there (default: a temporary folder,"
          + " deleted at the end).")
  Path keep;

  @Option(names = "--endpoints", defaultValue = "4", paramLabel = "N",
      description = "How many simulated endpoints to run (2 to 12, default 4).")
  int endpoints;

  @Override
  public Integer call() throws Exception {
    if (endpoints < 2 || endpoints > 12) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--endpoints must be 2 to 12");
    }
    // Jetty and sigstore-java log through SLF4J; with no provider bound it would print a
    // three-line warning into the middle of the narrative.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    DemoReport report = new Demo(new Narrator(spec.commandLine().getOut()), endpoints).run(keep);
    return report.failures().isEmpty() ? 0 : dev.tollgate.cli.ExitCode.REFUSED;
  }
}
