package dev.tollgate.fleet.collector;

import dev.tollgate.fleet.store.ReportStore;
import java.time.Clock;

/** A collector in a process of its own, for tests that kill it: prints "listening URI", then serves. */
public final class CollectorProcess {
  private CollectorProcess() {}

  public static void main(String[] args) throws Exception {
    ReportStore store = ReportStore.open(args[0], null, null);
    CollectorServer server = CollectorServer.start("127.0.0.1", 0, store, Enrollment.firstUse(), Clock.systemUTC(),
        System.err);
    System.out.println("listening " + server.baseUri());
    System.out.flush();
    server.join();
  }
}
