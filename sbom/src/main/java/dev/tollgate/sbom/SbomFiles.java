package dev.tollgate.sbom;

import dev.tollgate.sbom.read.ReadProblem;
import dev.tollgate.sbom.read.SbomDocument;
import dev.tollgate.sbom.read.SbomReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads SBOM files from disk into validated documents (the I/O edge of the reader). */
public final class SbomFiles {
  private SbomFiles() {}

  /** Reads, validates and parses one file; refuses files over {@link SbomReader#MAX_BYTES}. */
  public static SbomDocument read(Path file) throws IOException, InvalidSbomException {
    long size = Files.size(file);
    if (size > SbomReader.MAX_BYTES) {
      throw new InvalidSbomException(file.toString(), List.of(new ReadProblem(ReadProblem.Kind.FORMAT, "",
          "file is " + size + " bytes, more than the limit of " + SbomReader.MAX_BYTES)));
    }
    SbomReader.Result result = SbomReader.read(Files.readAllBytes(file));
    if (result.document().isEmpty()) {
      throw new InvalidSbomException(file.toString(), result.problems());
    }
    return result.document().get();
  }
}
