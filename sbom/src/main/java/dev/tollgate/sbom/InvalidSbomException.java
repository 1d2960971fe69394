package dev.tollgate.sbom;

import dev.tollgate.sbom.read.ReadProblem;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The SBOM could not be accepted as a CycloneDX document; the problems say where and why. */
public final class InvalidSbomException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<ReadProblem> problems;

  InvalidSbomException(String source, List<ReadProblem> problems) {
    super(source + " is not an acceptable CycloneDX SBOM: "
        + problems.stream().limit(5).map(p -> p.kind().name().toLowerCase(Locale.ROOT) + " " + p)
            .collect(Collectors.joining("; "))
        + (problems.size() > 5 ? "; and " + (problems.size() - 5) + " more" : ""));
    this.problems = List.copyOf(problems);
  }

  public List<ReadProblem> problems() {
    return problems;
  }
}
