package dev.tollgate.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A guide under docs/ as the tests read it: the {@code sh} blocks of a step, as written. */
final class Guide {
  static final Path PROJECT = Path.of(System.getProperty("tollgate.projectRoot", "..")).toAbsolutePath().normalize();

  private final String text;

  private Guide(String text) {
    this.text = text;
  }

  static Guide read(String name) throws IOException {
    return new Guide(Files.readString(PROJECT.resolve("docs").resolve(name)));
  }

  /** The {@code sh} code blocks of the step whose heading starts with {@code title}, in order. */
  List<String> shellBlocks(String title) {
    int from = text.indexOf("\n## " + title);
    if (from < 0) {
      throw new IllegalStateException("the guide has no step '" + title + "'");
    }
    int to = text.indexOf("\n## ", from + 1);
    String step = text.substring(from, to < 0 ? text.length() : to);
    List<String> blocks = new ArrayList<>();
    for (int at = step.indexOf("```sh\n"); at >= 0; at = step.indexOf("```sh\n", at)) {
      int start = at + "```sh\n".length();
      int end = step.indexOf("```", start);
      blocks.add(step.substring(start, end));
      at = end + 3;
    }
    if (blocks.isEmpty()) {
      throw new IllegalStateException("step '" + title + "' has no sh block");
    }
    return blocks;
  }
}
