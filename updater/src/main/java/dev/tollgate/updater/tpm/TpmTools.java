package dev.tollgate.updater.tpm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs tpm2-tools programs against one TPM, named by its TCTI ({@code device:/dev/tpmrm0},
 * {@code swtpm:host=127.0.0.1,port=2321}). Without a resource manager (a raw device or swtpm)
 * transient objects and sessions a tool loads stay in the TPM after it exits, and the TPM has
 * only a few slots, so {@link #flush()} runs after every step that loads something.
 */
public final class TpmTools {
  private static final Pattern TOOL_NAME = Pattern.compile("tpm2_[a-z]+");
  private static final int STDERR_LINES_KEPT = 4;

  private final String tcti;
  private final Path toolsDir;
  private final Duration timeout;

  private TpmTools(Builder b) {
    this.tcti = Objects.requireNonNull(b.tcti, "tcti");
    this.toolsDir = b.toolsDir;
    this.timeout = b.timeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String tcti() {
    return tcti;
  }

  /** True when the tpm2-tools programs can be found (in the tools dir or on PATH). */
  public boolean available() {
    return executable("tpm2_quote") != null;
  }

  /** Runs {@code tool args...} in {@code workDir}; returns its standard output. */
  public String run(Path workDir, String tool, String... args) throws TpmToolException {
    if (!TOOL_NAME.matcher(tool).matches()) {
      throw new IllegalArgumentException("not a tpm2-tools program: " + tool);
    }
    Path exe = executable(tool);
    if (exe == null) {
      throw new TpmToolException(tool + " not found (install tpm2-tools or set the tools dir)");
    }
    List<String> command = new ArrayList<>();
    command.add(exe.toString());
    command.addAll(List.of(args));
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile(workDir, ".tpm-out", ".txt");
      err = Files.createTempFile(workDir, ".tpm-err", ".txt");
      ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().put("TPM2TOOLS_TCTI", tcti);
      Process p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new TpmToolException(tool + " did not finish within " + timeout.toSeconds()
            + " s (TCTI " + tcti + ")");
      }
      if (p.exitValue() != 0) {
        throw new TpmToolException(tool + " failed with exit code " + p.exitValue() + ": "
            + lastLines(Files.readString(err, StandardCharsets.UTF_8)));
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TpmToolException(tool + " was interrupted", e);
    } catch (TpmToolException e) {
      throw e;
    } catch (IOException e) {
      throw new TpmToolException(tool + " could not be run: " + e.getMessage(), e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** Flushes every transient object and every loaded or saved session, freeing the TPM's few slots. */
  public void flush(Path workDir) throws TpmToolException {
    run(workDir, "tpm2_flushcontext", "-t");
    run(workDir, "tpm2_flushcontext", "-l");
    run(workDir, "tpm2_flushcontext", "-s");
  }

  private Path executable(String tool) {
    if (toolsDir != null) {
      Path p = toolsDir.resolve(tool);
      return Files.isExecutable(p) ? p : null;
    }
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/bin:/bin" : path).split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, tool);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static String lastLines(String text) {
    String[] lines = text.strip().split("\\R");
    int from = Math.max(0, lines.length - STDERR_LINES_KEPT);
    String joined = String.join(" | ", Arrays.copyOfRange(lines, from, lines.length));
    return joined.isBlank() ? "(no message)" : joined;
  }

  private static void deleteQuietly(Path p) {
    if (p == null) {
      return;
    }
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // A leftover temp file in the private work dir is harmless; the dir is removed after use.
    }
  }

  /** Options for {@link TpmTools}: the TCTI is required. */
  public static final class Builder {
    private String tcti;
    private Path toolsDir;
    private Duration timeout = Duration.ofSeconds(60);

    private Builder() {}

    public Builder tcti(String tcti) {
      this.tcti = tcti;
      return this;
    }

    /** Where the tpm2_* programs live; PATH is searched when unset. */
    public Builder toolsDir(Path dir) {
      this.toolsDir = dir;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public TpmTools build() {
      return new TpmTools(this);
    }
  }
}
