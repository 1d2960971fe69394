package dev.tollgate.repo;

/** The folder named holds no repository: a usage or configuration fault, not a refusal. */
public final class NoRepositoryException extends RepositoryException {
  private static final long serialVersionUID = 1L;

  NoRepositoryException(java.nio.file.Path folder) {
    super("no repository at " + folder + " (run 'tollgate repo init' first)");
  }
}
