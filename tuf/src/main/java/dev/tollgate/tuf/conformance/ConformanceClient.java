package dev.tollgate.tuf.conformance;

import dev.tollgate.tuf.TargetFile;
import dev.tollgate.tuf.TufException;
import dev.tollgate.tuf.Updater;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code tuf-client [options] init ROOT | refresh | download}, options in any order: exit 0 on
 * full success, 1 when anything was refused or failed, 2 on a usage error.
 */
public final class ConformanceClient {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private ConformanceClient() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Parsed command line. */
  record Options(String command, String trustedRoot, Path metadataDir, String metadataUrl,
      List<String> targetNames, String targetBaseUrl, Path targetDir) {}

  static Options parse(String[] args) {
    String command = null;
    String trustedRoot = null;
    Path metadataDir = null;
    String metadataUrl = null;
    List<String> targets = new ArrayList<>();
    String targetBaseUrl = null;
    Path targetDir = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--metadata-dir" -> metadataDir = Path.of(value(args, ++i, a));
        case "--metadata-url" -> metadataUrl = value(args, ++i, a);
        case "--target-name" -> targets.add(value(args, ++i, a));
        case "--target-base-url" -> targetBaseUrl = value(args, ++i, a);
        case "--target-dir" -> targetDir = Path.of(value(args, ++i, a));
        case "-v", "--verbose" -> { }
        default -> {
          if (a.startsWith("-")) {
            throw new IllegalArgumentException("unknown option " + a);
          } else if (command == null) {
            command = a;
          } else if ("init".equals(command) && trustedRoot == null) {
            trustedRoot = a;
          } else {
            throw new IllegalArgumentException("unexpected argument " + a);
          }
        }
      }
    }
    if (command == null || metadataDir == null) {
      throw new IllegalArgumentException("need --metadata-dir and a command (init, refresh, download)");
    }
    return new Options(command, trustedRoot, metadataDir, metadataUrl, targets, targetBaseUrl, targetDir);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  static final String USAGE_TEXT = """
      Usage: tuf-client --metadata-dir DIR [--metadata-url URL] [--target-name NAME]...
                        [--target-base-url URL] [--target-dir DIR] init ROOT | refresh | download
      The TUF conformance suite's client protocol, run by Tollgate's TUF client.
      Exit codes: 0 full success, 1 anything refused or failed, 2 usage error.""";

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
      out.println(USAGE_TEXT);
      return OK;
    }
    Options o;
    try {
      o = parse(args);
      require(switch (o.command()) {
        case "init" -> o.trustedRoot() != null;
        case "refresh" -> o.metadataUrl() != null;
        case "download" -> o.metadataUrl() != null && !o.targetNames().isEmpty() && o.targetBaseUrl() != null
            && o.targetDir() != null;
        default -> false;
      }, "missing arguments for command " + o.command());
    } catch (IllegalArgumentException e) {
      err.println("tuf-client: " + e.getMessage());
      return USAGE;
    }
    try {
      switch (o.command()) {
        case "init" -> {
          Updater.initialize(o.metadataDir(), Files.readAllBytes(Path.of(o.trustedRoot())));
          out.println("initialised " + o.metadataDir());
        }
        case "refresh" -> {
          updater(o).refresh();
          out.println("refreshed " + o.metadataDir());
        }
        default -> download(o, out, err);
      }
      return OK;
    } catch (TufException | IOException e) {
      err.println("tuf-client: " + o.command() + " refused: " + e.getMessage());
      return FAILED;
    } catch (RuntimeException e) {
      err.println("tuf-client: " + o.command() + " failed: " + e);
      return FAILED;
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static Updater updater(Options o) throws IOException {
    Updater.Builder b = Updater.builder().metadataDir(o.metadataDir()).metadataBaseUrl(o.metadataUrl());
    if (o.targetBaseUrl() != null) {
      b.targetBaseUrl(o.targetBaseUrl());
    }
    return b.build();
  }

  private static void download(Options o, PrintStream out, PrintStream err) throws IOException, TufException {
    Files.createDirectories(o.targetDir());
    Updater updater = updater(o);
    for (String name : o.targetNames()) {
      Optional<TargetFile> info = updater.getTargetInfo(name);
      if (info.isEmpty()) {
        throw new dev.tollgate.tuf.TargetNotFoundException(name);
      }
      Optional<Path> cached = updater.findCachedTarget(info.get(), o.targetDir());
      if (cached.isPresent()) {
        out.println(name + ": already present as " + cached.get());
      } else {
        out.println(name + ": downloaded to " + updater.downloadTarget(info.get(), o.targetDir()));
      }
    }
  }
}
