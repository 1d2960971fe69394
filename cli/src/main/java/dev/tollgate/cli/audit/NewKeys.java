package dev.tollgate.cli.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** What every key-making command does once the secret key is written: hand out the verifier key. */
final class NewKeys {
  private NewKeys() {}

  /**
   * Writes {@code vkey} to {@code verifierOut} (a new file) when given, then prints it, or with
   * {@code json} an object naming the key, its verifier key and where the secret key went.
   */
  static void announce(CommandSpec spec, String name, String vkey, String keyFileField, Path keyFile,
      Path verifierOut, boolean json) throws IOException {
    if (verifierOut != null) {
      Files.writeString(verifierOut, vkey + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("verifierKey", vkey);
      m.put(keyFileField, keyFile.toString());
      new JsonOut().print(spec.commandLine().getOut(), m);
    } else {
      spec.commandLine().getOut().println(vkey);
    }
  }
}
