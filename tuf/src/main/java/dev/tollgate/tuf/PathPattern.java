package dev.tollgate.tuf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delegation path patterns: shell-style ({@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}),
 * matched segment by segment so that {@code *} never crosses a {@code /}; pattern and path must
 * have the same number of segments. This one parser serves the client (which role may sign a
 * path), the listing (which roles can hold a path under a prefix) and the publisher (whether two
 * patterns overlap), so what the publisher checks is exactly what clients match.
 *
 * <p>Each segment is parsed the way Python's {@code fnmatch} (used by python-tuf) translates it,
 * including its treatment of ranges: a reversed range such as {@code z-a} is dropped, a set that
 * is left empty matches nothing, and {@code [!]} style sets that are left with only the negation
 * match any one character. Characters are Unicode code points.
 */
public final class PathPattern {
  private static final int SLASH = '/';
  private static final int MAX_CACHED = 10_000;
  private static final ConcurrentHashMap<String, Segment> CACHE = new ConcurrentHashMap<>();

  private PathPattern() {}

  /** Whether {@code pattern} matches {@code path}. */
  public static boolean matches(String pattern, String path) {
    String[] patternParts = pattern.split("/", -1);
    String[] pathParts = path.split("/", -1);
    if (patternParts.length != pathParts.length) {
      return false;
    }
    for (int i = 0; i < pathParts.length; i++) {
      if (!segment(patternParts[i]).matches(pathParts[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code pattern} matches at least one path that starts with {@code prefix}. Such a
   * path has the prefix's complete segments, then a segment that starts with the prefix's last
   * (partial, possibly empty) segment, then any number of further segments. So the pattern needs
   * at least as many segments, its leading ones must match the complete segments exactly, its
   * next one must match some extension of the partial one, and every later one must match
   * something.
   */
  public static boolean mayMatchUnder(String pattern, String prefix) {
    String[] patternParts = pattern.split("/", -1);
    String[] prefixParts = prefix.split("/", -1);
    int partial = prefixParts.length - 1;
    if (patternParts.length < prefixParts.length) {
      return false;
    }
    for (int i = 0; i < partial; i++) {
      if (!segment(patternParts[i]).matches(prefixParts[i])) {
        return false;
      }
    }
    if (!segment(patternParts[partial]).matchesSomeExtensionOf(prefixParts[partial])) {
      return false;
    }
    for (int i = partial + 1; i < patternParts.length; i++) {
      if (!segment(patternParts[i]).matchesSomething()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether some path matches both {@code a} and {@code b}: they have the same number of
   * segments and every pair of segments has a common match. Each pair is decided by searching
   * the product of the two segment automata (an exact answer, not a heuristic).
   */
  public static boolean overlap(String a, String b) {
    String[] as = a.split("/", -1);
    String[] bs = b.split("/", -1);
    if (as.length != bs.length) {
      return false;
    }
    for (int i = 0; i < as.length; i++) {
      if (!segment(as[i]).intersects(segment(bs[i]))) {
        return false;
      }
    }
    return true;
  }

  private static Segment segment(String glob) {
    Segment cached = CACHE.get(glob);
    if (cached != null) {
      return cached;
    }
    Segment parsed = Segment.parse(glob);
    if (CACHE.size() < MAX_CACHED) { // patterns come from metadata: bound what they can pin in memory
      CACHE.putIfAbsent(glob, parsed);
    }
    return parsed;
  }

  /** One glob token: {@code *}, or one character out of a set. */
  private record Token(boolean star, CharSet set) {
    static final Token STAR = new Token(true, null);

    static Token of(CharSet set) {
      return new Token(false, set);
    }

    /** Whether this token can take part in matching some non-empty or empty text. */
    boolean satisfiable() {
      return star || set.hasSegmentCharacter();
    }
  }

  /**
   * A set of code points: the union of closed ranges, or (negated) everything but them. A
   * segment never holds {@code /}, so no set is taken to match it.
   */
  private record CharSet(boolean negated, int[] ranges) {
    static final CharSet ANY = new CharSet(true, new int[0]);
    static final CharSet NONE = new CharSet(false, new int[0]);
    private static final int[] ALL = {0, Character.MAX_CODE_POINT};

    static CharSet literal(int c) {
      return new CharSet(false, new int[] {c, c});
    }

    boolean contains(int c) {
      if (c == SLASH) {
        return false;
      }
      for (int k = 0; k < ranges.length; k += 2) {
        if (ranges[k] <= c && c <= ranges[k + 1]) {
          return !negated;
        }
      }
      return negated;
    }

    boolean hasSegmentCharacter() {
      return negated ? anyUncovered(ALL, ranges) : anyUncovered(ranges, new int[0]);
    }

    boolean intersects(CharSet other) {
      if (negated && other.negated) {
        int[] excluded = Arrays.copyOf(ranges, ranges.length + other.ranges.length);
        System.arraycopy(other.ranges, 0, excluded, ranges.length, other.ranges.length);
        return anyUncovered(ALL, excluded);
      }
      if (negated) {
        return other.intersects(this);
      }
      if (other.negated) {
        return anyUncovered(ranges, other.ranges);
      }
      for (int i = 0; i < ranges.length; i += 2) {
        for (int j = 0; j < other.ranges.length; j += 2) {
          int lo = Math.max(ranges[i], other.ranges[j]);
          int hi = Math.min(ranges[i + 1], other.ranges[j + 1]);
          if (lo <= hi && anyUncovered(new int[] {lo, hi}, new int[0])) {
            return true;
          }
        }
      }
      return false;
    }

    /** Whether some code point other than {@code /} lies in {@code ranges} but not in {@code cover}. */
    private static boolean anyUncovered(int[] ranges, int[] cover) {
      for (int i = 0; i < ranges.length; i += 2) {
        int c = ranges[i];
        boolean moved = true;
        while (c <= ranges[i + 1] && moved) {
          moved = false;
          if (c == SLASH) {
            c++;
            moved = true;
          }
          for (int j = 0; j < cover.length; j += 2) {
            if (cover[j] <= c && c <= cover[j + 1]) {
              c = cover[j + 1] + 1;
              moved = true;
            }
          }
        }
        if (c <= ranges[i + 1]) {
          return true;
        }
      }
      return false;
    }
  }

  /** One parsed pattern segment: a sequence of tokens, matched as a small automaton. */
  private record Segment(List<Token> tokens) {
    boolean matches(String text) {
      return accepting(run(text));
    }

    boolean matchesSomeExtensionOf(String start) {
      boolean[] states = run(start);
      for (int i = 0; i <= tokens.size(); i++) {
        if (states[i] && restSatisfiable(i)) {
          return true;
        }
      }
      return false;
    }

    boolean matchesSomething() {
      return restSatisfiable(0);
    }

    private boolean restSatisfiable(int from) {
      return tokens.subList(from, tokens.size()).stream().allMatch(Token::satisfiable);
    }

    private boolean accepting(boolean[] states) {
      return states[tokens.size()];
    }

    /** The set of positions the automaton can be in after reading {@code text}. */
    private boolean[] run(String text) {
      int n = tokens.size();
      boolean[] states = closure(new boolean[n + 1], 0);
      for (int c : text.codePoints().toArray()) {
        boolean[] next = new boolean[n + 1];
        for (int i = 0; i < n; i++) {
          if (!states[i]) {
            continue;
          }
          Token t = tokens.get(i);
          if (t.star() && c != SLASH) {
            next[i] = true;
          } else if (!t.star() && t.set().contains(c)) {
            closure(next, i + 1);
          }
        }
        for (int i = 0; i < n; i++) {
          if (next[i]) {
            closure(next, i);
          }
        }
        states = next;
      }
      return states;
    }

    /** Marks {@code from} and every position reachable from it by stars matching nothing. */
    private boolean[] closure(boolean[] states, int from) {
      int i = from;
      states[i] = true;
      while (i < tokens.size() && tokens.get(i).star()) {
        states[++i] = true;
      }
      return states;
    }

    boolean intersects(Segment other) {
      List<Token> p = tokens;
      List<Token> q = other.tokens;
      int n = p.size();
      int m = q.size();
      boolean[][] seen = new boolean[n + 1][m + 1];
      List<int[]> work = new ArrayList<>();
      visit(seen, work, 0, 0);
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
        if (a != null && a.star()) {
          visit(seen, work, i + 1, j);
        }
        if (b != null && b.star()) {
          visit(seen, work, i, j + 1);
        }
        // Both consume one common character.
        if (a != null && b != null && !(a.star() && b.star())) {
          if (a.star() && b.set().hasSegmentCharacter()) {
            visit(seen, work, i, j + 1);
          } else if (b.star() && a.set().hasSegmentCharacter()) {
            visit(seen, work, i + 1, j);
          } else if (!a.star() && !b.star() && a.set().intersects(b.set())) {
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

    /** Parses one segment as fnmatch translates it. */
    static Segment parse(String glob) {
      int[] cp = glob.codePoints().toArray();
      int n = cp.length;
      List<Token> out = new ArrayList<>();
      int i = 0;
      while (i < n) {
        int c = cp[i++];
        if (c == '*') {
          if (out.isEmpty() || !out.get(out.size() - 1).star()) {
            out.add(Token.STAR);
          }
        } else if (c == '?') {
          out.add(Token.of(CharSet.ANY));
        } else if (c == '[') {
          int j = i;
          if (j < n && cp[j] == '!') {
            j++;
          }
          if (j < n && cp[j] == ']') {
            j++;
          }
          while (j < n && cp[j] != ']') {
            j++;
          }
          if (j >= n) {
            out.add(Token.of(CharSet.literal('[')));
          } else {
            out.add(Token.of(bracket(cp, i, j)));
            i = j + 1;
          }
        } else {
          out.add(Token.of(CharSet.literal(c)));
        }
      }
      return new Segment(List.copyOf(out));
    }

    /**
     * The set written between {@code [} and {@code ]} ({@code cp[start..end)}): split at the
     * hyphens that make ranges, drop reversed ranges, then read the result as a regular
     * expression class would, as fnmatch does.
     */
    private static CharSet bracket(int[] cp, int start, int end) {
      List<int[]> chunks = new ArrayList<>();
      if (!contains(cp, start, end, '-')) {
        chunks.add(Arrays.copyOfRange(cp, start, end));
      } else {
        int from = start;
        int k = cp[start] == '!' ? start + 2 : start + 1;
        while ((k = indexOf(cp, '-', k, end)) >= 0) {
          chunks.add(Arrays.copyOfRange(cp, from, k));
          from = k + 1;
          k = k + 3;
        }
        if (from < end) {
          chunks.add(Arrays.copyOfRange(cp, from, end));
        } else {
          int last = chunks.size() - 1;
          chunks.set(last, append(chunks.get(last), '-'));
        }
        for (int c = chunks.size() - 1; c > 0; c--) {
          int[] before = chunks.get(c - 1);
          int[] after = chunks.get(c);
          if (before[before.length - 1] > after[0]) { // a reversed range: drop it with its ends
            int[] merged = new int[before.length - 1 + after.length - 1];
            System.arraycopy(before, 0, merged, 0, before.length - 1);
            System.arraycopy(after, 1, merged, before.length - 1, after.length - 1);
            chunks.set(c - 1, merged);
            chunks.remove(c);
          }
        }
      }
      // Flatten: every chunk character is literal; the hyphens between chunks make ranges.
      List<Integer> chars = new ArrayList<>();
      List<Boolean> rangeHyphen = new ArrayList<>();
      for (int c = 0; c < chunks.size(); c++) {
        if (c > 0) {
          chars.add((int) '-');
          rangeHyphen.add(true);
        }
        for (int x : chunks.get(c)) {
          chars.add(x);
          rangeHyphen.add(false);
        }
      }
      if (chars.isEmpty()) {
        return CharSet.NONE;
      }
      boolean negated = !rangeHyphen.get(0) && chars.get(0) == '!';
      if (negated && chars.size() == 1) {
        return CharSet.ANY;
      }
      int p = negated ? 1 : 0;
      List<Integer> ranges = new ArrayList<>();
      while (p < chars.size()) {
        int lo = chars.get(p++);
        int hi = lo;
        if (p + 1 < chars.size() && rangeHyphen.get(p)) {
          hi = chars.get(p + 1);
          p += 2;
        }
        ranges.add(lo);
        ranges.add(hi);
      }
      return new CharSet(negated, ranges.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean contains(int[] cp, int start, int end, int c) {
      return indexOf(cp, c, start, end) >= 0;
    }

    private static int indexOf(int[] cp, int c, int from, int end) {
      for (int k = from; k < end; k++) {
        if (cp[k] == c) {
          return k;
        }
      }
      return -1;
    }

    private static int[] append(int[] a, int c) {
      int[] out = Arrays.copyOf(a, a.length + 1);
      out[a.length] = c;
      return out;
    }
  }
}
