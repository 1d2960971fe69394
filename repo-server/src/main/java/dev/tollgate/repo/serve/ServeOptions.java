package dev.tollgate.repo.serve;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What {@link RepositoryServer} serves, where, and whether it keeps the timestamp fresh. */
public final class ServeOptions {
  private final Path repository;
  private final String host;
  private final int port;
  private final Optional<BackgroundRefresh> refresh;
  private final Duration refreshInterval;

  private ServeOptions(Builder b) {
    this.repository = Objects.requireNonNull(b.repository, "repository");
    this.host = b.host;
    this.port = b.port;
    this.refresh = Optional.ofNullable(b.refresh);
    this.refreshInterval = b.refreshInterval;
  }

  public static Builder builder(Path repository) {
    return new Builder(repository);
  }

  public Path repository() {
    return repository;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public Optional<BackgroundRefresh> refresh() {
    return refresh;
  }

  public Duration refreshInterval() {
    return refreshInterval;
  }

  /** Re-signs the timestamp when due; called on a fixed schedule while the server runs. */
  @FunctionalInterface
  public interface BackgroundRefresh {
    /** Returns a one-line summary of what was done (for the server's log). */
    String refreshIfDue() throws Exception;
  }

  public static final class Builder {
    private final Path repository;
    private String host = "127.0.0.1";
    private int port = 0;
    private BackgroundRefresh refresh;
    private Duration refreshInterval = Duration.ofMinutes(5);

    private Builder(Path repository) {
      this.repository = repository;
    }

    /** Address to bind; loopback unless the operator asks otherwise. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** Port to bind; 0 picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    public Builder backgroundRefresh(BackgroundRefresh refresh, Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("refresh interval must be positive");
      }
      this.refresh = Objects.requireNonNull(refresh, "refresh");
      this.refreshInterval = interval;
      return this;
    }

    public ServeOptions build() {
      return new ServeOptions(this);
    }
  }
}
