package dev.tollgate.cli.repo;

import dev.tollgate.cli.RefusedException;
import dev.tollgate.repo.RepositoryException;
import dev.tollgate.repo.keys.KeyFileException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Shared plumbing: refusals from the repository become exit code 1 with their message, a missing repository 2. */
abstract class RepoSubcommand implements Callable<Integer> {
  @Mixin RepoOptions options;
  @Spec CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    try {
      return run(spec.commandLine().getOut());
    } catch (dev.tollgate.repo.NoRepositoryException e) {
      throw new IllegalArgumentException(e.getMessage(), e); // --repo names the wrong folder: exit 2
    } catch (RepositoryException | KeyFileException e) {
      throw new RefusedException(e.getMessage(), e);
    }
  }

  abstract int run(PrintWriter out) throws Exception;
}
