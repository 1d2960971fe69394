package dev.tollgate.repo.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Child process for {@link RepositoryLockTest}: takes the lock, signals, then sleeps until killed. */
public final class LockHolderMain {
  private LockHolderMain() {}

  public static void main(String[] args) throws Exception {
    RepositoryLock lock = RepositoryLock.acquire(Path.of(args[0]), Duration.ofSeconds(10));
    Files.writeString(Path.of(args[1]), "ready");
    Thread.sleep(Duration.ofMinutes(5).toMillis());
    lock.close();
  }
}
