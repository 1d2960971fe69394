package dev.tollgate.tuf.http;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tollgate.tuf.testing.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A failed download names the operation and the URL and says why in words, where OkHttp alone
 * says "timeout" or "Failed to connect to /127.0.0.1:PORT".
 */
class OkHttpFetcherErrorsTest {

  @Test
  void aRefusedConnectionNamesTheUrl() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/metadata/timestamp.json";
    IOException e = assertThrows(IOException.class, () -> OkHttpFetcher.builder().build().open(url).close());
    assertTrue(e.getMessage().startsWith("GET " + url + ": connection refused"), e.getMessage());
  }

  @Test
  void aServerThatStallsMidBodyNamesTheUrlAndHowFarItGot() throws Exception {
    try (LoopbackServer server = new LoopbackServer(path -> null)) {
      server.override("targets/big.bin", LoopbackServer.stall(Duration.ofSeconds(30)));
      String url = server.targetsUrl() + "big.bin";
      OkHttpFetcher fetcher = OkHttpFetcher.builder().readTimeout(Duration.ofMillis(300)).build();
      IOException e = assertThrows(IOException.class, () -> readAll(fetcher.open(url)));
      assertTrue(e.getMessage().startsWith("GET " + url + ": reading the response after 1 bytes: the server sent"
          + " nothing for too long"), e.getMessage());
    }
  }

  @Test
  void aDripFeedEndsAtTheWholeCallLimitNamingTheUrl() throws Exception {
    try (LoopbackServer server = new LoopbackServer(path -> null)) {
      server.override("targets/big.bin", LoopbackServer.stall(Duration.ofSeconds(30)));
      String url = server.targetsUrl() + "big.bin";
      // The per-read limit is far away; the whole-call limit is what ends a drip that never stops.
      OkHttpFetcher fetcher = OkHttpFetcher.builder().readTimeout(Duration.ofSeconds(60))
          .callTimeout(Duration.ofMillis(500)).build();
      IOException e = assertThrows(IOException.class, () -> readAll(fetcher.open(url)));
      assertTrue(e.getMessage().startsWith("GET " + url + ": reading the response after 1 bytes: not finished"
          + " within the 500 ms limit for the whole download"), e.getMessage());
    }
  }

  private static void readAll(InputStream in) throws IOException {
    try (in) {
      in.readAllBytes();
    }
  }
}
