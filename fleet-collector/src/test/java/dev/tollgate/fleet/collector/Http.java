package dev.tollgate.fleet.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A plain JDK HTTP client for talking to a collector in tests. */
final class Http {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  record Reply(int status, JsonNode body) {}

  private Http() {}

  static Reply post(URI base, byte[] body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve("v1/reports")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  static Reply get(URI base, String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
  }

  private static Reply send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }
}
