package dev.tollgate.tuf;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Delegation path patterns: shell-style ({@code *}, {@code ?}, {@code [seq]}, {@code [!seq]}),
 * matched segment by segment so that {@code *} never crosses a {@code /}; pattern and path
 * must have the same number of segments.
 */
final class PathPattern {
  private static final ConcurrentHashMap<String, Pattern> CACHE = new ConcurrentHashMap<>();
  private static final Pattern NOTHING = Pattern.compile("(?!)");

  private PathPattern() {}

  static boolean matches(String pattern, String path) {
    String[] patternParts = pattern.split("/", -1);
    String[] pathParts = path.split("/", -1);
    if (patternParts.length != pathParts.length) {
      return false;
    }
    for (int i = 0; i < pathParts.length; i++) {
      if (!segment(patternParts[i]).matcher(pathParts[i]).matches()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code pattern} matches at least one path that starts with {@code prefix}. Such a
   * path has the prefix's complete segments, then a segment that starts with the prefix's last
   * (partial, possibly empty) segment, then any number of further segments. So the pattern needs
   * at least as many segments, its leading ones must match the complete segments exactly, and its
   * next one must match some string starting with the partial one: the matcher hitting the end of
   * that partial input without failing first says exactly that (a glob segment is a plain
   * regular expression: literals, classes and {@code .*}, no look-around). Later pattern segments
   * are taken as matchable; when in doubt the answer is yes, which only costs a visit.
   */
  static boolean mayMatchUnder(String pattern, String prefix) {
    String[] patternParts = pattern.split("/", -1);
    String[] prefixParts = prefix.split("/", -1);
    int partial = prefixParts.length - 1;
    if (patternParts.length < prefixParts.length) {
      return false;
    }
    for (int i = 0; i < partial; i++) {
      if (!segment(patternParts[i]).matcher(prefixParts[i]).matches()) {
        return false;
      }
    }
    Matcher m = segment(patternParts[partial]).matcher(prefixParts[partial]);
    return m.matches() || m.hitEnd();
  }

  private static Pattern segment(String glob) {
    return CACHE.computeIfAbsent(glob, PathPattern::compile);
  }

  /**
   * Translates one segment the way Python's fnmatch does. A segment that does not compile, such
   * as one with the reversed range {@code [z-a]}, matches nothing (fnmatch drops just the reversed
   * range): the role is trusted for fewer paths, never more, and one bad pattern no longer breaks
   * every search that reads it.
   */
  static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    int n = glob.length();
    int i = 0;
    while (i < n) {
      char c = glob.charAt(i++);
      if (c == '*') {
        re.append(".*");
      } else if (c == '?') {
        re.append('.');
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
          re.append("\\[");
        } else {
          String set = glob.substring(i, j);
          i = j + 1;
          StringBuilder cls = new StringBuilder("[");
          int k = 0;
          if (set.startsWith("!")) {
            cls.append('^');
            k = 1;
          } else if (set.startsWith("^")) {
            cls.append("\\^");
            k = 1;
          }
          for (; k < set.length(); k++) {
            char s = set.charAt(k);
            if (s == '-' ) {
              cls.append('-');
            } else if (Character.isLetterOrDigit(s)) {
              cls.append(s);
            } else {
              cls.append('\\').append(s);
            }
          }
          re.append(cls).append(']');
        }
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    try {
      return Pattern.compile(re.toString(), Pattern.DOTALL);
    } catch (PatternSyntaxException e) {
      return NOTHING;
    }
  }
}
