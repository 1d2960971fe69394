package dev.tollgate.tuf;

/** No trusted targets role delegated to by the repository lists the requested path. */
public class TargetNotFoundException extends TufException {
  private static final long serialVersionUID = 1L;

  public TargetNotFoundException(String path) {
    super(path, 0, "not-found", "no trusted targets metadata lists this path");
  }
}
