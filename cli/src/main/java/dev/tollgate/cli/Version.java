package dev.tollgate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reports the version Maven recorded at build time (in the jar manifest and in version.properties). */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Tollgate.class.getPackage().getImplementationVersion();
    return new String[] {"tollgate " + (v != null ? v : recorded())};
  }

  private static String recorded() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from the build");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("reading version.properties", e);
    }
  }
}
