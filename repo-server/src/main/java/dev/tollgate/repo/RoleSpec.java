package dev.tollgate.repo;

import dev.tollgate.repo.layout.TargetLayout;
import dev.tollgate.release.BundleKind;
import dev.tollgate.tuf.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A delegated role to add: name, delegator, keys, threshold, path patterns, whether it
 * terminates the search, and optionally a number of succinct hashed bins (TAP 15) that share its
 * keys and hold its targets.
 */
public record RoleSpec(String name, String delegator, List<Key> keys, int threshold, List<String> paths,
    boolean terminating, int bins) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public RoleSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(delegator, "delegator");
    keys = List.copyOf(keys);
    paths = List.copyOf(paths);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("role name '" + name + "' must be 1-64 characters of lowercase"
          + " letters, digits, '.', '_' or '-'");
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("role " + name + " needs at least one key");
    }
    if (threshold < 1 || keys.stream().map(Key::keyId).distinct().count() < threshold) {
      throw new IllegalArgumentException("role " + name + ": threshold " + threshold + " needs at least that"
          + " many distinct keys (given " + keys.size() + ")");
    }
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("role " + name + " needs at least one path pattern (or a --kind)");
    }
    for (String p : paths) {
      if (p.isEmpty() || p.startsWith("/") || p.contains("\\") || List.of(p.split("/", -1)).contains("")) {
        throw new IllegalArgumentException("path pattern '" + p + "' must be relative, with no empty segment");
      }
    }
    if (bins != 0 && (bins < 2 || bins > 65536 || Integer.bitCount(bins) != 1)) {
      throw new IllegalArgumentException("bins must be a power of two between 2 and 65536 (got " + bins + ")");
    }
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public int binBitLength() {
    return Integer.numberOfTrailingZeros(bins);
  }

  public static final class Builder {
    private final String name;
    private String delegator = "targets";
    private final List<Key> keys = new ArrayList<>();
    private int threshold = 1;
    private final List<String> paths = new ArrayList<>();
    private boolean terminating = true;
    private int bins;

    private Builder(String name) {
      this.name = name;
    }

    public Builder delegator(String v) {
      this.delegator = v;
      return this;
    }

    public Builder key(Key k) {
      keys.add(k);
      return this;
    }

    public Builder threshold(int v) {
      this.threshold = v;
      return this;
    }

    public Builder path(String pattern) {
      paths.add(pattern);
      return this;
    }

    /** Every release of a bundle kind: {@code <kind>s/*}{@code /*}{@code /*} (see {@link TargetLayout}). */
    public Builder kind(BundleKind kind) {
      paths.addAll(TargetLayout.kindPatterns(kind));
      return this;
    }

    public Builder terminating(boolean v) {
      this.terminating = v;
      return this;
    }

    public Builder bins(int v) {
      this.bins = v;
      return this;
    }

    public RoleSpec build() {
      return new RoleSpec(name, delegator, keys, threshold, paths, terminating, bins);
    }
  }
}
