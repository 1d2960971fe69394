package dev.tollgate.repo.layout;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides whether two TUF delegation path patterns can both match one target path. TUF patterns
 * are shell-style and matched segment by segment ({@code *} never crosses {@code /}, and pattern
 * and path have the same number of segments), so two patterns overlap exactly when they have the
 * same number of segments and every pair of segments has a common match. Each segment pair is
 * decided by searching the product of the two glob automata (an exact answer, not a heuristic).
 */
public final class PatternOverlap {
  private PatternOverlap() {}

  /** True when some path matches both {@code a} and {@code b}. */
  public static boolean overlap(String a, String b) {
    String[] as = a.split("/", -1);
    String[] bs = b.split("/", -1);
    if (as.length != bs.length) {
      return false;
    }
    for (int i = 0; i < as.length; i++) {
      if (!segmentsIntersect(parse(as[i]), parse(bs[i]))) {
        return false;
      }
    }
    return true;
  }

  private static boolean segmentsIntersect(List<Token> p, List<Token> q) {
    int n = p.size();
    int m = q.size();
    boolean[][] seen = new boolean[n + 1][m + 1];
    ArrayList<int[]> work = new ArrayList<>();
    work.add(new int[] {0, 0});
    seen[0][0] = true;
    while (!work.isEmpty()) {
      int[] s = work.remove(work.size() - 1);
      int i = s[0];
      int j = s[1];
      if (i == n && j == m) {
        return true;
      }
      Token a = i < n ? p.get(i) : null;
      Token b = j < m ? q.get(j) : null;
      // A star may match nothing.
      if (a != null && a.star) {
        visit(seen, work, i + 1, j);
      }
      if (b != null && b.star) {
        visit(seen, work, i, j + 1);
      }
      // Both consume one common character.
      if (a != null && b != null) {
        if (a.star && b.star) {
          continue; // consuming with both stars stays in place; the empty moves cover it
        }
        if (a.star) {
          visit(seen, work, i, j + 1);
        } else if (b.star) {
          visit(seen, work, i + 1, j);
        } else if (a.set.intersects(b.set)) {
          visit(seen, work, i + 1, j + 1);
        }
      }
    }
    return false;
  }

  private static void visit(boolean[][] seen, List<int[]> work, int i, int j) {
    if (!seen[i][j]) {
      seen[i][j] = true;
      work.add(new int[] {i, j});
    }
  }

  /** One glob token: {@code *} or a single-character set. */
  private record Token(boolean star, CharSet set) {}

  /** A set of characters: listed ones, or all but the listed ones. */
  private record CharSet(boolean negated, String chars) {
    static final CharSet ANY = new CharSet(true, "");

    boolean contains(char c) {
      return negated != (chars.indexOf(c) >= 0);
    }

    boolean intersects(CharSet other) {
      if (negated && other.negated) {
        return true; // the alphabet is unbounded, two co-finite sets always meet
      }
      CharSet listed = negated ? other : this;
      CharSet checked = negated ? this : other;
      for (int k = 0; k < listed.chars.length(); k++) {
        if (checked.contains(listed.chars.charAt(k))) {
          return true;
        }
      }
      return false;
    }
  }

  /** Parses one segment with the same rules as Python's fnmatch (and the client's matcher). */
  private static List<Token> parse(String glob) {
    List<Token> out = new ArrayList<>();
    int n = glob.length();
    int i = 0;
    while (i < n) {
      char c = glob.charAt(i++);
      if (c == '*') {
        if (out.isEmpty() || !out.get(out.size() - 1).star) {
          out.add(new Token(true, null));
        }
      } else if (c == '?') {
        out.add(new Token(false, CharSet.ANY));
      } else if (c == '[') {
        int j = i;
        if (j < n && glob.charAt(j) == '!') {
          j++;
        }
        if (j < n && glob.charAt(j) == ']') {
          j++;
        }
        while (j < n && glob.charAt(j) != ']') {
          j++;
        }
        if (j >= n) {
          out.add(literal('['));
        } else {
          String body = glob.substring(i, j);
          i = j + 1;
          boolean negated = body.startsWith("!");
          out.add(new Token(false, new CharSet(negated, expandRanges(negated ? body.substring(1) : body))));
        }
      } else {
        out.add(literal(c));
      }
    }
    return out;
  }

  private static Token literal(char c) {
    return new Token(false, new CharSet(false, String.valueOf(c)));
  }

  private static String expandRanges(String body) {
    StringBuilder chars = new StringBuilder();
    for (int k = 0; k < body.length(); k++) {
      char c = body.charAt(k);
      if (k + 2 < body.length() && body.charAt(k + 1) == '-') {
        char end = body.charAt(k + 2);
        for (char x = c; x <= end; x++) {
          chars.append(x);
        }
        k += 2;
      } else {
        chars.append(c);
      }
    }
    return chars.toString();
  }
}
