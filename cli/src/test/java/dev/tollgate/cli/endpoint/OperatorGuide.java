package dev.tollgate.cli.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * docs/endpoint-operator.md as tests read it: the configuration of step 3, the JSON snippets and
 * the {@code tollgate} command lines of a step, with the guide's shell variables filled in. Tests
 * that take their steps from here follow the guide as written, so the two cannot drift apart.
 */
final class OperatorGuide {
  /** Where the guide's step 0 serves the demo repository. */
  static final String GUIDE_SERVER = "http://127.0.0.1:8080/";

  private final String text;

  private OperatorGuide(String text) {
    this.text = text;
  }

  static OperatorGuide read() throws IOException {
    Path root = Path.of(System.getProperty("tollgate.projectRoot", "..")).toAbsolutePath().normalize();
    return new OperatorGuide(Files.readString(root.resolve("docs/endpoint-operator.md")));
  }

  /** Step 3's endpoint.json, pointed at {@code server} instead of the guide's loopback port. */
  ObjectNode configuration(URI server) throws IOException {
    String start = "cat > \"$ETC/endpoint.json\" <<'JSON'\n";
    int from = text.indexOf(start);
    if (from < 0) {
      throw new IllegalStateException("the guide no longer writes $ETC/endpoint.json with a heredoc");
    }
    from += start.length();
    String json = text.substring(from, text.indexOf("\nJSON\n", from));
    return (ObjectNode) new ObjectMapper().readTree(json.replace(GUIDE_SERVER, server.toString()));
  }

  /** The first JSON snippet of the step titled {@code title}, a member list such as {@code "tpm": {...}}. */
  ObjectNode snippet(String title) throws IOException {
    String step = step(title);
    int from = step.indexOf("```json\n");
    if (from < 0) {
      throw new IllegalStateException("step '" + title + "' has no JSON snippet");
    }
    from += "```json\n".length();
    return (ObjectNode) new ObjectMapper().readTree("{" + step.substring(from, step.indexOf("```", from)) + "}");
  }

  /**
   * The {@code tollgate} command lines of the step titled {@code title}, in order, each as its
   * arguments (without "sudo tollgate"), with {@code vars} (e.g. "$ETC") replaced.
   */
  List<String[]> commands(String title, Map<String, String> vars) {
    List<String[]> out = new ArrayList<>();
    String joined = step(title).replace("\\\n", " ");
    for (String line : joined.split("\n")) {
      String l = line.strip();
      if (l.startsWith("sudo ")) {
        l = l.substring("sudo ".length());
      }
      if (!l.startsWith("tollgate ")) {
        continue;
      }
      for (Map.Entry<String, String> v : vars.entrySet()) {
        l = l.replace(v.getKey(), v.getValue());
      }
      String[] words = l.replace("\"", "").split("\\s+");
      out.add(Arrays.copyOfRange(words, 1, words.length));
    }
    return out;
  }

  private String step(String title) {
    int from = text.indexOf("\n## " + title);
    if (from < 0) {
      throw new IllegalStateException("the guide has no step '" + title + "'");
    }
    int to = text.indexOf("\n## ", from + 1);
    return text.substring(from, to < 0 ? text.length() : to);
  }
}
