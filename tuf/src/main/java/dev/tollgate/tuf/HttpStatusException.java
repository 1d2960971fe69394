package dev.tollgate.tuf;

import java.io.IOException;

/** The repository answered with a status other than 200. */
public class HttpStatusException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public HttpStatusException(String url, int status) {
    super("GET " + url + ": HTTP " + status);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** 403 and 404 both mean "no such file" for the root rotation loop (spec 5.3.2). */
  public boolean isNotFound() {
    return status == 404 || status == 403;
  }
}
