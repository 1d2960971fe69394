package dev.tollgate.repo;

/**
 * The repository refused a request: bad input (unknown role, overlapping pattern, wrong or
 * missing key, artifact missing, expired root...) or a repository in a state that does not
 * allow it. Nothing was changed when this is thrown.
 */
public class RepositoryException extends Exception {
  private static final long serialVersionUID = 1L;

  public RepositoryException(String message) {
    super(message);
  }

  public RepositoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
