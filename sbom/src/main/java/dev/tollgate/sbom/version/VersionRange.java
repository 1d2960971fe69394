package dev.tollgate.sbom.version;

import java.util.ArrayList;
import java.util.List;

/**
 * A version range as policies write it: alternatives separated by {@code ||}, each a list of
 * comparisons that must all hold, separated by commas or spaces. Comparisons: {@code <}, {@code
 * <=}, {@code >}, {@code >=}, {@code =} (also {@code ==} or a bare version), {@code !=}. {@code *}
 * matches every version. Example: {@code ">=2.0-beta9, <2.15.0 || =2.16.0"}. The ecosystem's
 * {@link VersionScheme} decides the order.
 */
public final class VersionRange {
  private enum Op { LT, LE, GT, GE, EQ, NE }

  private record Comparison(Op op, String version) {
    boolean test(String candidate, VersionScheme scheme) {
      int c = scheme.compare(candidate, version);
      return switch (op) {
        case LT -> c < 0;
        case LE -> c <= 0;
        case GT -> c > 0;
        case GE -> c >= 0;
        case EQ -> c == 0;
        case NE -> c != 0;
      };
    }
  }

  private final String text;
  private final List<List<Comparison>> alternatives;

  private VersionRange(String text, List<List<Comparison>> alternatives) {
    this.text = text;
    this.alternatives = alternatives;
  }

  /** Every version. */
  public static VersionRange any() {
    return new VersionRange("*", List.of(List.of()));
  }

  public static VersionRange parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty version range");
    }
    List<List<Comparison>> alternatives = new ArrayList<>();
    for (String alternative : text.split("\\|\\|", -1)) {
      List<Comparison> all = new ArrayList<>();
      String normalised = alternative.trim().replaceAll("([<>=!]=?)\\s+", "$1");
      if (normalised.isEmpty()) {
        throw new IllegalArgumentException("version range '" + text + "': empty alternative");
      }
      if (!normalised.equals("*")) {
        for (String token : normalised.split("[,\\s]+")) {
          if (!token.isEmpty()) {
            all.add(comparison(token, text));
          }
        }
      }
      alternatives.add(List.copyOf(all));
    }
    return new VersionRange(text.trim(), List.copyOf(alternatives));
  }

  private static Comparison comparison(String token, String whole) {
    String[] ops = {">=", "<=", "==", "!=", ">", "<", "="};
    Op[] kinds = {Op.GE, Op.LE, Op.EQ, Op.NE, Op.GT, Op.LT, Op.EQ};
    for (int i = 0; i < ops.length; i++) {
      if (token.startsWith(ops[i])) {
        String v = token.substring(ops[i].length());
        if (v.isEmpty() || "<>=!".indexOf(v.charAt(0)) >= 0) {
          throw new IllegalArgumentException("version range '" + whole + "': bad comparison '" + token + "'");
        }
        return new Comparison(kinds[i], v);
      }
    }
    return new Comparison(Op.EQ, token);
  }

  public boolean contains(String version, VersionScheme scheme) {
    for (List<Comparison> all : alternatives) {
      boolean ok = true;
      for (Comparison c : all) {
        if (!c.test(version, scheme)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return text;
  }
}
